/**
 * `npm run start:ingest`: the ingest role (receivers, raw sink, poller, subscription sync and the
 * fan-out sender) as its own process, configured by environment variables only.
 */
import { runRole } from '../../shared/runtime/runRole.ts';
import { startIngestRole } from './startIngestRole.ts';

await runRole({
  role: 'ingest',
  script: 'start:ingest',
  name: 'ingest',
  startedMessage: 'ingest role started: webhooks on the public listener, /readyz /metrics /admin on the admin listener',
  start: async (config, logger) => {
    const running = await startIngestRole(config, logger);
    return { announce: { publicUrl: running.publicUrl, adminUrl: running.adminUrl }, stop: running.stop };
  },
});
