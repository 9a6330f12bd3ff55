/**
 * `npm run start:env-api`: one environment's API as its own process, configured by environment
 * variables only.
 */
import { runRole } from '../shared/runtime/runRole.ts';
import { startEnvApi } from './startEnvApi.ts';

await runRole({
  role: 'env-api',
  script: 'start:env-api',
  name: 'env-api',
  startedMessage: 'environment API started: POST /internal/events, /healthz, /readyz, /metrics, /admin/chat-histogram',
  start: async (config, logger) => {
    const running = await startEnvApi(config, logger);
    return { announce: { env: config.envName, url: running.url }, stop: running.stop };
  },
});
