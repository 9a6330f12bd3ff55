# syntax=docker/dockerfile:1
# The Verifluence data plane: one image, the role is the command (deploy/image/entrypoint.sh):
#   ingest | env-api | migrate dm|env|clickhouse | vf <command>
# Production dependencies only: no dev tools, no chdb, no embedded PostgreSQL (both are optional
# dependencies, loaded only by dynamic import; deploy/test/image.int.test.ts checks that).
# Runs as uid 1000 (numeric, so the kubelet can verify runAsNonRoot).
ARG NODE_IMAGE=node:24-bookworm-slim

# ---- build: every dependency, to build the operator console and the docs site.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV PUPPETEER_SKIP_DOWNLOAD=true
COPY package.json package-lock.json .npmrc .puppeteerrc.cjs ./
# npm 11 leaves other platforms' optional bindings out of the lockfile and may then refuse it as
# out of sync; `npm install` installs the same locked versions (as .ci/run does).
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
# The console is served from dist/console/. The docs site goes where the ingest role looks for it
# (<VF_DATA_DIR>/docs-site, VF_DATA_DIR defaulting to ./.data), stamped with the contracts'
# fingerprint so the role serves it instead of trying to build it (it cannot: no codegen/ here).
RUN npm run build:console && test -d dist/console \
 && npm run docs -- --out .data/docs-site \
 && node deploy/image/stampDocsSite.ts .data/docs-site

# ---- deps: production dependencies only. None of them has an install script.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
RUN (npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
  || npm install --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund) \
 && npm cache clean --force

# ---- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/bin ./bin
COPY --from=build /app/services ./services
COPY --from=build /app/generated ./generated
COPY --from=build /app/contracts ./contracts
COPY --from=build /app/sql ./sql
COPY --from=build /app/deploy/image/entrypoint.sh ./deploy/image/entrypoint.sh
COPY --from=build /app/dist/console ./dist/console
COPY --from=build /app/.data/docs-site ./.data/docs-site
# `vf …` on PATH for `kubectl exec deploy/ingest -- vf status`.
RUN ln -s /app/bin/vf.js /usr/local/bin/vf
USER 1000:1000
EXPOSE 8080 9464 8081
ENTRYPOINT ["/bin/sh", "/app/deploy/image/entrypoint.sh"]
