#!/bin/sh
# The image's entrypoint: the container's command names the role (docs/runbook.md).
#   ingest                   the ingest role: webhooks, raw sink, fan-out, poller (npm run start:ingest)
#   env-api                  one environment's API (npm run start:env-api)
#   migrate dm|env|clickhouse  `vf migrate …`: the migration Jobs
#   vf <command> …           any operator command (`vf status`, `vf replay …`)
# `exec` makes node PID 1, so it receives SIGTERM from the kubelet and stops in order (runRole.ts).
set -eu
app_dir=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
cd "$app_dir"
role=${1:-}
case "$role" in
  ingest) shift; exec node services/stack/ingest/main.ts "$@" ;;
  env-api) shift; exec node services/env-api/main.ts "$@" ;;
  migrate) exec node bin/vf.js "$@" ;;
  vf) shift; exec node bin/vf.js "$@" ;;
  *)
    echo "usage: <image> ingest | env-api | migrate dm|env|clickhouse | vf <command>" >&2
    echo "unknown role: '${role}'" >&2
    exit 2
    ;;
esac
