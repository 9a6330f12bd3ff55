/**
 * `<VF_DATA_DIR>/secrets.json`: the local stack's secrets, generated on the first `npm start` and
 * kept for every later one (so environments, the simulator and CLI commands agree without any
 * configuration): one `whsec_` secret per local environment, the Sumsub webhook secret, and the
 * RSA key pair the simulator signs Kick webhooks with (the stack trusts its public key).
 * Never used by a production role.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';

/** The file's content. */
export interface LocalSecrets {
  /** `whsec_` secret per local environment name (stage, production). */
  readonly fanout: Readonly<Record<string, string>>;
  readonly sumsubWebhookSecret: string;
  /** The simulator's Kick signing key (PKCS#8 PEM) and its public key (SPKI PEM). */
  readonly kickSimulatorPrivateKeyPem: string;
  readonly kickSimulatorPublicKeyPem: string;
  /** Credentials the simulated Kick API accepts. */
  readonly kickSimulatorClientId: string;
  readonly kickSimulatorClientSecret: string;
}

/** The file's path for a data directory. */
export function localSecretsPath(dataDir: string): string {
  return join(dataDir, 'secrets.json');
}

function whsec(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}

function generate(environments: readonly string[]): LocalSecrets {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    fanout: Object.fromEntries(environments.map((name) => [name, whsec()])),
    sumsubWebhookSecret: randomBytes(24).toString('hex'),
    kickSimulatorPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    kickSimulatorPublicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    kickSimulatorClientId: 'local-simulator',
    kickSimulatorClientSecret: randomBytes(16).toString('hex'),
  };
}

function isLocalSecrets(value: unknown, environments: readonly string[]): value is LocalSecrets {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const fanout = v.fanout as Record<string, unknown> | undefined;
  return (
    typeof fanout === 'object' &&
    fanout !== null &&
    environments.every((name) => typeof fanout[name] === 'string') &&
    ['sumsubWebhookSecret', 'kickSimulatorPrivateKeyPem', 'kickSimulatorPublicKeyPem', 'kickSimulatorClientId', 'kickSimulatorClientSecret'].every((key) => typeof v[key] === 'string')
  );
}

/** Reads the secrets, or null when the file does not exist yet. Throws `LOCAL_SECRETS_INVALID` on a damaged file. */
export async function readLocalSecrets(dataDir: string, environments: readonly string[]): Promise<LocalSecrets | null> {
  let text: string;
  try {
    text = await readFile(localSecretsPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  const parsed: unknown = JSON.parse(text);
  if (!isLocalSecrets(parsed, environments)) {
    throw new AppError('LOCAL_SECRETS_INVALID', `${localSecretsPath(dataDir)} is not a secrets file of this version: move it away to generate new local secrets`);
  }
  return parsed;
}

/** Reads the secrets, generating and writing them (mode 0600) on the first call. */
export async function loadOrCreateLocalSecrets(dataDir: string, environments: readonly string[]): Promise<LocalSecrets> {
  const existing = await readLocalSecrets(dataDir, environments);
  if (existing !== null) return existing;
  const secrets = generate(environments);
  await mkdir(dataDir, { recursive: true });
  await writeFile(localSecretsPath(dataDir), `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
