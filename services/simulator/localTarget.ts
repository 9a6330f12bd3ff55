/**
 * Where `npm run simulate` sends its traffic and with which keys: the running local stack's ingest
 * URL (from `<VF_DATA_DIR>/runtime.json`, written by `npm start`) and the local secrets (the
 * simulator's Kick signing key and the Sumsub webhook secret the stack trusts).
 */
import { AppError } from '../shared/errors.ts';
import { localSecretsPath, readLocalSecrets } from '../shared/runtime/localSecrets.ts';
import { readRuntimeFile, runtimeFilePath } from '../shared/runtime/runtimeFile.ts';

/** The local environments whose secrets the stack keeps. */
const LOCAL_ENVIRONMENTS = ['stage', 'production'] as const;

/** What the simulator needs from the running stack. */
export interface LocalTarget {
  readonly ingestUrl: string;
  readonly kickPrivateKeyPem: string;
  readonly sumsubSecret: string;
}

/** The ingest section the stack records in runtime.json, when it does. */
function recordedIngestUrl(info: Readonly<Record<string, unknown>>): string | null {
  const ingest = info.ingest;
  if (typeof ingest !== 'object' || ingest === null) return null;
  const { publicUrl } = ingest as Record<string, unknown>;
  return typeof publicUrl === 'string' && publicUrl.length > 0 ? publicUrl : null;
}

/**
 * Reads the running stack's target. Throws `SIMULATOR_STACK_NOT_RUNNING` when no live stack owns
 * the data directory and `SIMULATOR_SECRETS_MISSING` when it has no local secrets.
 */
export async function resolveLocalTarget(config: { readonly dataDir: string; readonly ingestPort: number }): Promise<LocalTarget> {
  const runtime = await readRuntimeFile(config.dataDir);
  if (runtime === null) {
    throw new AppError('SIMULATOR_STACK_NOT_RUNNING', `the local stack is not running (no live ${runtimeFilePath(config.dataDir)}): start it with npm start, then run npm run simulate again`, {
      details: { dataDir: config.dataDir },
    });
  }
  const secrets = await readLocalSecrets(config.dataDir, LOCAL_ENVIRONMENTS);
  if (secrets === null) {
    throw new AppError('SIMULATOR_SECRETS_MISSING', `no local secrets in ${localSecretsPath(config.dataDir)}: start the stack with npm start, which creates them`, {
      details: { dataDir: config.dataDir },
    });
  }
  return {
    ingestUrl: recordedIngestUrl(runtime) ?? `http://127.0.0.1:${config.ingestPort}`,
    kickPrivateKeyPem: secrets.kickSimulatorPrivateKeyPem,
    sumsubSecret: secrets.sumsubWebhookSecret,
  };
}
