/**
 * The real parts under test: the ingest role's public app on the real group-committing PostgreSQL
 * acceptor (a per-file dm database, one fan-out target), and the environment app with every real
 * projector on a per-file environment database; plus the ledger that reads both databases.
 */
import type { FastifyInstance } from 'fastify';
import { projectors } from '../../../env-api/projectors/index.ts';
import { startEnvApp, type EnvHarness } from '../../../env-api/test/envAppHarness.ts';
import { createIngestRolePool } from '../../../ingest/accept/test/acceptTestKit.ts';
import type { KickSigner } from '../../../ingest/app/test/publicAppHarness.ts';
import { startIngestStack, type IngestStack } from '../../../ingest/test/ingestStack.ts';
import type { DmPool } from '../../../shared/pg/pools.ts';
import { openLedger, type Ledger } from './ledger.ts';

/** Both apps, the Kick key they trust and the ledger. */
export interface BadInputStack {
  readonly ingestApp: FastifyInstance;
  readonly envApp: FastifyInstance;
  /** The key pair whose public half the Kick receiver trusts. */
  readonly kick: KickSigner;
  readonly ledger: Ledger;
  close(): Promise<void>;
}

/** Starts both apps (not listening) on the databases at `dmUrl` and `envUrl` (superuser URLs). */
export async function startBadInputStack(dmUrl: string, envUrl: string): Promise<BadInputStack> {
  const pool: DmPool = await createIngestRolePool(dmUrl, 8);
  let ingest: IngestStack | undefined;
  let env: EnvHarness | undefined;
  try {
    ingest = await startIngestStack(pool, ['qa-bad-input']);
    env = await startEnvApp(envUrl, { projectors });
    const ledger = await openLedger(dmUrl, envUrl);
    const [ingestStack, envHarness] = [ingest, env];
    return {
      ingestApp: ingestStack.app,
      envApp: envHarness.app,
      kick: ingestStack.signer,
      ledger,
      close: async () => {
        await ledger.close();
        await envHarness.close();
        await ingestStack.close();
        await pool.end();
      },
    };
  } catch (e: unknown) {
    await env?.close();
    await ingest?.close();
    await pool.end();
    throw e;
  }
}
