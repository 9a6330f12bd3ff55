/**
 * kill -9 of the whole stack under load, several times (issue 7, "Proof"): `npm start`
 * (services/stack/local/main.ts) runs as a child process in its own process group on a temporary
 * VF_DATA_DIR; concurrent senders post signed Kick webhooks of every type and Sumsub flows at a
 * steady rate; at a seeded random moment the whole group (Node, the embedded postmaster and its
 * backends) gets SIGKILL; the stack is started again and the senders go on, first sending again a
 * seeded share of the webhooks whose answer was lost, as a provider retries. After the last round
 * the stack drains and the test proves:
 * - every acknowledged webhook has one envelope, projected exactly once into each environment
 *   (processed_events holds exactly the outbox's envelope ids, in stage and in production);
 * - stage and production hold the same rows (count and checksum per table) as a reference built by
 *   applying the outbox once, fault-free, into a fresh environment database;
 * - no accept was half-written (inbox, outbox and one delivery per target, or nothing);
 * - every inbox row reached ClickHouse.
 *
 * The seed (FAULTS_SEED, default below) fixes the traffic, the kill moments and the retries; it is
 * printed so a failing run can be repeated.
 */
import { createPrivateKey } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readLocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { createPrng } from '../../simulator/traffic/prng.ts';
import { simulatedChannels } from '../../simulator/simulatedChannels.ts';
import { createTraffic, type SimDelivery } from '../../simulator/traffic/createTraffic.ts';
import { tempDataDir } from '../local/test/localStackTestKit.ts';
import { acceptIntegrity } from './kit/acceptIntegrity.ts';
import { queryRows, readModelChecksums, type ReadModelChecksums } from './kit/readModelChecksums.ts';
import { outboxEnvelopes, replayInto } from './kit/replayReference.ts';
import { stackProcesses, type StackProcess, type StackProcesses } from './kit/stackProcess.ts';
import { waitDrained } from './kit/waitDrained.ts';
import { createWebhookLoad, summarizeLedger, type LedgerSummary, type WebhookLoad } from './kit/webhookLoad.ts';

const SEED = Number(process.env.FAULTS_SEED ?? 20_260_707);
const ROUNDS = 4;
const SENDERS = 24;
const RATE_PER_SECOND = 120;
/** Each round's load runs this long (ms, seeded within the range) before the kill. */
const KILL_AFTER_MS = { min: 1_500, max: 6_000 };
/** Share of the not-yet-acknowledged webhooks sent again after each restart. */
const RESEND_SHARE = 0.6;
const TARGETS = ['production', 'stage'];

const reference = useTestDatabase('env');
let dataDir: string;
let stacks: StackProcesses;
let stack: StackProcess;
let load: WebhookLoad;
let summary: LedgerSummary;
let outboxIds: Set<string>;
const rounds: { round: number; posts: number; acknowledged: number }[] = [];

beforeAll(async () => {
  dataDir = await tempDataDir();
  stacks = stackProcesses(dataDir, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
}, 60_000);

afterAll(async () => {
  await load?.pause();
  await stacks?.killAll();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

async function envelopeIds(url: string, text: string): Promise<Set<string>> {
  return new Set((await queryRows<{ id: string }>(url, text)).map((row) => row.id));
}

function missingFrom(expected: ReadonlySet<string>, actual: ReadonlySet<string>): string[] {
  return [...expected].filter((id) => !actual.has(id)).slice(0, 10);
}

describe(`kill -9 of the whole stack under load, ${String(ROUNDS)} rounds (seed ${String(SEED)})`, () => {
  it('keeps acknowledging webhooks across the kills and drains after the last restart', async () => {
    // The kill moments come from the seed alone; the retries draw from a stream of their own.
    const moments = createPrng(SEED);
    const killAfterMs = Array.from({ length: ROUNDS }, () => moments.int(KILL_AFTER_MS.min, KILL_AFTER_MS.max));
    const retries = createPrng(SEED + 1);
    console.log(`killStack.faults: seed ${String(SEED)} (set FAULTS_SEED to repeat a run); kills ${JSON.stringify(killAfterMs)} ms into each round's load`);
    stack = await stacks.start();
    const secrets = await readLocalSecrets(dataDir, ['stage', 'production']);
    if (secrets === null) throw new Error('the stack wrote no secrets.json');
    const traffic = createTraffic({
      seed: SEED,
      channels: simulatedChannels(),
      kickPrivateKey: createPrivateKey(secrets.kickSimulatorPrivateKeyPem),
      sumsubSecret: secrets.sumsubWebhookSecret,
      sumsubShare: 0.25,
    });
    load = createWebhookLoad({ senders: SENDERS, ratePerSecond: RATE_PER_SECOND, source: () => traffic.next(Date.now()) });

    let resend: SimDelivery[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const postsBefore = load.sent();
      load.start(stack.publicUrl, resend);
      await sleep(killAfterMs[round - 1] ?? 0);
      await stacks.killGroup(stack);
      await load.pause();
      const now = summarizeLedger(load.ledger);
      rounds.push({ round, posts: load.sent() - postsBefore, acknowledged: now.acknowledged.size });
      stack = await stacks.start();
      resend = now.unanswered.filter(() => retries.chance(RESEND_SHARE)).map((entry) => entry.delivery);
    }
    // A last stretch of load on the restarted stack, the retries first; then everything drains.
    load.start(stack.publicUrl, resend);
    await sleep(3_000);
    await load.pause();
    summary = summarizeLedger(load.ledger);
    console.log(`killStack.faults: rounds ${JSON.stringify(rounds)}; answers ${JSON.stringify(summary.counts)}; acknowledged ${String(summary.acknowledged.size)}, never acknowledged ${String(summary.unanswered.length)}`);

    expect(summary.unexpected).toEqual([]);
    expect(summary.acknowledged.size).toBeGreaterThan(200);
    // Each round killed the stack while requests were in flight, or the kill proved little.
    expect(summary.counts.failed).toBeGreaterThanOrEqual(ROUNDS);
    const status = await waitDrained(stack.adminUrl, 150_000);
    const settled = status.targets.map((t) => ({ target: t.target, parked: t.parked, dead: t.dead })).sort((a, b) => a.target.localeCompare(b.target));
    expect(settled).toEqual(TARGETS.map((target) => ({ target, parked: 0, dead: 0 })));
    outboxIds = await envelopeIds(stack.databases.dm, 'SELECT envelope_id::text AS id FROM ingest.outbox');
    // `duplicate`: an environment got an event again that it had applied before a kill cut the fan-out's bookkeeping.
    const answers = await queryRows(stack.databases.dm, 'SELECT target, last_result, count(*)::int AS n FROM ingest.outbox_delivery GROUP BY 1, 2 ORDER BY 1, 2');
    console.log(`killStack.faults: last answer per delivery ${JSON.stringify(answers)}`);
  }, 240_000);

  it('gave every acknowledged webhook one envelope id, kept in the outbox', () => {
    // A delivery acknowledged twice under two ids would be projected twice.
    expect(summary.conflicting).toEqual([]);
    const acknowledged = new Set(summary.acknowledged.values());
    expect(missingFrom(acknowledged, outboxIds)).toEqual([]);
  });

  it('projected every outbox envelope exactly once into each environment, and nothing else', async () => {
    for (const database of [stack.databases.stage, stack.databases.production]) {
      const processed = await envelopeIds(database, 'SELECT event_id::text AS id FROM processed_events');
      expect({ database, missing: missingFrom(outboxIds, processed), extra: missingFrom(processed, outboxIds) }).toEqual({ database, missing: [], extra: [] });
      expect(processed.size).toBe(outboxIds.size);
    }
  });

  it('left stage, production and a fault-free replay of the outbox with the same rows in every table', async () => {
    await replayInto(reference.current.url, await outboxEnvelopes(stack.databases.dm));
    const expected = await readModelChecksums(reference.current.url);
    const stage: ReadModelChecksums = await readModelChecksums(stack.databases.stage);
    const production: ReadModelChecksums = await readModelChecksums(stack.databases.production);
    console.log(`killStack.faults: rows per table ${JSON.stringify(Object.fromEntries(Object.entries(expected).map(([table, c]) => [table, c.rows])))}`);
    expect(stage).toEqual(expected);
    expect(production).toEqual(expected);
    expect(expected.processed_events?.rows).toBe(outboxIds.size);
    // The traffic fills the read model broadly, so the comparison covers the projectors.
    const filled = Object.values(expected).filter((table) => table.rows > 0).length;
    expect(filled).toBeGreaterThanOrEqual(9);
  }, 120_000);

  it('wrote every accept whole or not at all: inbox, outbox and one delivery per target', async () => {
    const integrity = await acceptIntegrity(stack.databases.dm, TARGETS);
    expect(integrity).toEqual({ inboxWithoutOutbox: [], outboxWithoutInbox: [], deliveriesNotOnePerTarget: [], inboxByStatus: { accepted: outboxIds.size } });
    // Unacknowledged webhooks are either wholly there (the answer was lost after the commit) or absent.
    console.log(`killStack.faults: ${String(summary.unanswered.length)} webhooks never acknowledged, of which ${String(await unansweredCommitted())} were committed before their answer was lost`);
  });

  it('stored every received webhook in ClickHouse once', async () => {
    const status = await waitDrained(stack.adminUrl, 30_000);
    expect(status.stages.storedInClickhouse).toBe(status.stages.received);
    expect(status.stages.received).toBe(outboxIds.size);
  });
});

/** How many never-acknowledged webhooks have an inbox row anyway. */
async function unansweredCommitted(): Promise<number> {
  const kickIds = summary.unanswered.map((entry) => entry.key).filter((key) => key.startsWith('kick:')).map((key) => key.slice('kick:'.length));
  const sumsubDigests = summary.unanswered.map((entry) => entry.key).filter((key) => key.startsWith('sumsub:')).map((key) => key.slice('sumsub:'.length));
  const rows = await queryRows<{ n: number }>(
    stack.databases.dm,
    `SELECT count(*)::int AS n FROM ingest.inbox
      WHERE (source = 'kick' AND provider_message_id = ANY($1::text[])) OR (source = 'sumsub' AND encode(body_sha256, 'hex') = ANY($2::text[]))`,
    [kickIds, sumsubDigests],
  );
  return rows[0]?.n ?? 0;
}
