/**
 * `npm start`: the whole data plane on this machine in one process (DESIGN §10), optionally with
 * the simulator playing Kick and Sumsub (`-- --simulate [--rate <events/s>]`). Prints every URL,
 * stops cleanly on SIGINT/SIGTERM. Exit codes: 0 stopped cleanly, 1 failed (configuration, start
 * or stop), 2 usage.
 */
import { runRole } from '../../shared/runtime/runRole.ts';
import { parseStartArgs, startUsage } from './startArgs.ts';
import { startLocalStack } from './startLocalStack.ts';
import { startSimulation, type RunningSimulation } from './startSimulation.ts';
import { formatStackBanner } from './stackUrls.ts';

const args = parseStartArgs(process.argv.slice(2));
if (args.kind === 'help') {
  console.log(startUsage);
  process.exit(0);
}
if (args.kind === 'usage') {
  console.error(`start: ${args.message}\n${startUsage}`);
  process.exit(2);
}

await runRole({
  role: 'local',
  script: 'start',
  name: 'stack',
  startedMessage: 'local stack started',
  start: async (config, logger) => {
    let simulation: RunningSimulation | null = null;
    if (args.simulate) simulation = await startSimulation({ config, logger, rate: args.rate });
    try {
      const stack = await startLocalStack({ config, logger, simulator: simulation?.kickApi ?? null });
      await simulation?.startTraffic({ ingestUrl: new URL(stack.urls.webhooksKick).origin, dmDatabaseUrl: stack.dmDatabaseUrl });
      const kick =
        stack.kick.kickApi === 'none'
          ? 'no KICK_CLIENT_ID/KICK_CLIENT_SECRET: the viewer poller and subscription sync idle'
          : stack.kick.kickApi === 'simulator'
            ? 'the simulator plays the Kick API'
            : 'Kick API with KICK_CLIENT_ID';
      const key = stack.kick.kickPublicKey === 'configured' ? 'webhooks checked with KICK_PUBLIC_KEY' : 'webhooks checked with the local simulator key';
      console.log(formatStackBanner({ urls: stack.urls, dataDir: stack.dataDir, postgres: stack.postgres, clickhouse: stack.clickhouse, kick: `${kick}; ${key}`, simulator: simulation?.describe() }));
      return {
        announce: { ...stack.urls, dataDir: stack.dataDir },
        stop: async () => {
          // Traffic first, so nothing new arrives while the stack drains; the Kick API last.
          await simulation?.stopTraffic();
          try {
            await stack.stop();
          } finally {
            await simulation?.stop();
          }
        },
      };
    } catch (e: unknown) {
      await simulation?.stop();
      throw e;
    }
  },
});
