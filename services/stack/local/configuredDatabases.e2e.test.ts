/**
 * `npm start` against PostgreSQL servers of your own (DM_DATABASE_URL and
 * ENV_DATABASE_URL_<NAME>): no embedded server is started and no runtime.json written, the
 * databases are migrated (a no-op here: the test kit's clones are migrated) and used.
 */
import { access, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { readLocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { runtimeFilePath } from '../../shared/runtime/runtimeFile.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startLocalStack, type RunningLocalStack } from './startLocalStack.ts';
import { freeStackPorts, post, scalar, signedSumsub, tempDataDir, waitUntil } from './test/localStackTestKit.ts';

const dm = useTestDatabase('dm');
const stage = useTestDatabase('env');
const production = useTestDatabase('env');
let dataDir: string;
let stack: RunningLocalStack | undefined;

beforeAll(async () => {
  dataDir = await tempDataDir();
});

afterAll(async () => {
  await stack?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('startLocalStack with configured databases', () => {
  it('refuses a partial set of database URLs, naming every variable', async () => {
    const config = loadConfig('local', { VF_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DM_DATABASE_URL: dm.current.url, ENV_DATABASE_URL_STAGE: stage.current.url });
    await expect(startLocalStack({ config, logger: silentLogger() })).rejects.toMatchObject({
      code: 'STACK_DATABASES_PARTIAL',
      details: { variables: ['DM_DATABASE_URL', 'ENV_DATABASE_URL_STAGE', 'ENV_DATABASE_URL_PRODUCTION'] },
    });
  });

  it('uses the configured servers: webhooks reach both environments, nothing embedded runs', async () => {
    const config = loadConfig('local', {
      VF_DATA_DIR: dataDir,
      LOG_LEVEL: 'silent',
      DM_DATABASE_URL: dm.current.url,
      ENV_DATABASE_URL_STAGE: stage.current.url,
      ENV_DATABASE_URL_PRODUCTION: production.current.url,
    });
    stack = await startLocalStack({ config, logger: silentLogger(), ports: await freeStackPorts() });
    expect(stack.postgres).toBe('DM_DATABASE_URL and ENV_DATABASE_URL_<NAME>');
    await expect(access(join(dataDir, 'postgres'))).rejects.toThrow();
    await expect(access(runtimeFilePath(dataDir))).rejects.toThrow();
    const secrets = await readLocalSecrets(dataDir, ['stage', 'production']);
    if (secrets === null) throw new Error('no secrets.json');
    expect((await post(new URL(stack.urls.webhooksSumsub).origin, signedSumsub(secrets))).status).toBe(200);
    await waitUntil(
      'both environments processed the event',
      async () => (await scalar(stage.current.url, 'SELECT count(*) FROM processed_events')) === 1 && (await scalar(production.current.url, 'SELECT count(*) FROM processed_events')) === 1,
    );
    expect(await scalar(dm.current.url, 'SELECT count(*) FROM ingest.outbox')).toBe(1);
  }, 90_000);
});
