import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeKickApi, type FakeKickApi } from '../../ingest/kickApi/test/fakeKickApi.ts';
import { insertChannel, resetDm, subscriptionRows } from '../../ingest/subscriptions/test/subscriptionFixtures.ts';
import { AppError, coerceError } from '../../shared/errors.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createCliContext } from '../cliContext.ts';
import { exitCodes } from '../exitCodes.ts';
import { registerKickCommands } from './kick.ts';

/** Runs `vf <argv>` with only the kick commands registered, the way runCli maps outcomes to exit codes. */
async function vf(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const program = new Command('vf')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  registerKickCommands(program, createCliContext(env, io));
  let code: number = exitCodes.ok;
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e: unknown) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? exitCodes.ok : exitCodes.usage;
    else {
      const error = coerceError(e);
      io.err(error instanceof AppError ? `vf: ${error.code}: ${error.message}` : `vf: ${error.message}`);
      code = exitCodes.failure;
    }
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('vf kick subscriptions sync', () => {
  const dm = useTestDatabase('dm');
  let fake: FakeKickApi;
  let dataDir = '';
  let env: Record<string, string> = {};

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vf-cli-kick-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    fake = await startFakeKickApi();
    env = {
      DM_DATABASE_URL: dm.current.url,
      VF_DATA_DIR: dataDir,
      KICK_CLIENT_ID: fake.clientId,
      KICK_CLIENT_SECRET: fake.clientSecret,
      KICK_API_BASE_URL: fake.baseUrl,
      KICK_AUTH_BASE_URL: fake.baseUrl,
    };
    await resetDm(dm.current.url);
    await insertChannel(dm.current.url, { broadcasterUserId: 3001, slug: 'epsilon', tracking: true });
    await insertChannel(dm.current.url, { broadcasterUserId: 3002, slug: 'zeta', tracking: true });
    for (const event of ['channel.followed', 'channel.followed']) fake.addSubscription({ broadcasterUserId: 3002, event });
  });
  afterEach(async () => {
    await fake.close();
  });

  const changingCalls = () => fake.requests.filter((r) => r.path === '/public/v1/events/subscriptions' && r.method !== 'GET');

  it('--dry-run prints the plan as a table and changes nothing', async () => {
    const result = await vf(['kick', 'subscriptions', 'sync', '--dry-run'], env);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toContain('dry run: nothing was changed');
    expect(result.out).toMatch(/^CHANNEL\s+BROADCASTER\s+TRACKED\s+MISSING\s+TO CREATE\s+TO DELETE\s+ERRORS$/m);
    expect(result.out).toMatch(/^epsilon\s+3001\s+yes\s+10\s+10\s+0\s+0$/m);
    expect(result.out).toMatch(/^zeta\s+3002\s+yes\s+9\s+9\s+1\s+0$/m);
    expect(result.out).toContain('epsilon: create channel.followed v1, channel.reward.redemption.updated v1');
    expect(result.out).toMatch(/zeta: delete \w+ \(channel\.followed v1, duplicate\)/);
    expect(changingCalls()).toEqual([]);
    expect(await subscriptionRows(dm.current.url)).toEqual([]);
  });

  it('--json prints the report as JSON', async () => {
    const result = await vf(['kick', 'subscriptions', 'sync', '--dry-run', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ dryRun: true, trackedChannels: 2, missingBefore: 19, channels: [{ slug: 'epsilon' }, { slug: 'zeta' }] });
  });

  it('syncs, then finds nothing to do', async () => {
    const first = await vf(['kick', 'subscriptions', 'sync'], env);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^CHANNEL\s+BROADCASTER\s+TRACKED\s+MISSING\s+CREATED\s+DELETED\s+ERRORS$/m);
    expect(first.out).toContain('created 19, deleted 1');
    expect(fake.subscriptions()).toHaveLength(20);
    const second = await vf(['kick', 'subscriptions', 'sync'], env);
    expect(second.out).toContain('0 subscription(s) missing before the sync; created 0, deleted 0');
  });

  it('fails with exit code 1 naming KICK_CLIENT_ID and KICK_CLIENT_SECRET when they are not set', async () => {
    const result = await vf(['kick', 'subscriptions', 'sync', '--dry-run'], { DM_DATABASE_URL: dm.current.url, VF_DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.err).toContain('CLI_KICK_NOT_CONFIGURED');
    expect(result.err).toContain('KICK_CLIENT_ID');
    expect(result.err).toContain('KICK_CLIENT_SECRET');
  });

  it('fails with exit code 1 when Kick refuses the credentials', async () => {
    const result = await vf(['kick', 'subscriptions', 'sync'], { ...env, KICK_CLIENT_SECRET: 'wrong' });
    expect(result).toMatchObject({ code: 1, err: expect.stringContaining('KICK_API_UNAUTHORIZED') });
  });

  it('exits 2 on a usage error', async () => {
    expect((await vf(['kick', 'subscriptions', 'sync', '--bogus'], env)).code).toBe(2);
  });
});
