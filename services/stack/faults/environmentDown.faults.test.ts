/**
 * An environment down for a while, then back (issue 7, "Proof"): the ingest role fans out to two
 * environment APIs (real roles on their own databases, target names neither stage nor
 * production); one of them is stopped (its listener closed, so every fan-out attempt is refused)
 * while signed Kick and Sumsub webhooks keep arriving, then started again on the same port. The
 * test proves:
 * - the environment that stayed up is not delayed: its receipt → projection lag during the outage
 *   stays low (p99 under a few seconds);
 * - the one that was down drains its whole backlog (every outbox envelope applied, nothing parked
 *   or dead), and applied each subject's events in outbox order.
 *
 * Load: one sender per stream, each stream its own channels and Sumsub applicants, each sender
 * waiting for an answer before the next webhook, as a provider delivers one channel's events. So a
 * subject's events reach the outbox in the order they were sent, which is the order the fan-out
 * promises per subject (its batches follow outbox order, one batch at a time per target, and the
 * environment applies a subject's events of a batch one after the other in one lane).
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClickhouseClient } from '../../shared/clickhouse/createClickhouseClient.ts';
import { runClickhouseMigrations } from '../../shared/clickhouse/migrations.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { simulatedChannels } from '../../simulator/simulatedChannels.ts';
import { createTraffic } from '../../simulator/traffic/createTraffic.ts';
import { tempDataDir } from '../local/test/localStackTestKit.ts';
import { observedOrderings, orderViolations, percentile, projectionLagsMs, readOutboxEvents, readProcessedTimes, subjectsWithAtLeast, type OutboxEvent } from './kit/projectionTimeline.ts';
import { queryRows, readModelChecksums } from './kit/readModelChecksums.ts';
import { startTwoEnvironmentPlane, type TwoEnvironmentPlane } from './kit/twoEnvironmentPlane.ts';
import { waitDrained } from './kit/waitDrained.ts';
import { createWebhookLoad, summarizeLedger, type LedgerEntry, type WebhookLoad } from './kit/webhookLoad.ts';

const SEED = Number(process.env.FAULTS_SEED ?? 20_260_708);
const STREAMS = 8;
const CHANNELS_PER_STREAM = 2;
const RATE_PER_STREAM = 12;
const WARM_UP_MS = 5_000;
const OUTAGE_MS = 25_000;
/** Load keeps arriving this long after the environment is back, while its backlog drains. */
const AFTER_RETURN_MS = 5_000;
/** The environment that stays up must apply events within this (p99, ms) during the outage. */
const MAX_LAG_P99_MS = 5_000;
const UP = 'qa-east';
const DOWN = 'qa-west';

const dm = useTestDatabase('dm');
const upDb = useTestDatabase('env');
const downDb = useTestDatabase('env');
let dataDir: string;
let plane: TwoEnvironmentPlane | undefined;
const loads: WebhookLoad[] = [];
let events: OutboxEvent[];
let window: { startUs: number; endUs: number };
let backlogAtReturn: number;

beforeAll(async () => {
  dataDir = await tempDataDir();
  const clickhouse = await createClickhouseClient({ dataDir });
  try {
    await runClickhouseMigrations(clickhouse.client, { rawBodyTtlDays: 365 });
  } finally {
    await clickhouse.close();
  }
  const kick = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sumsubSecret = randomBytes(16).toString('hex');
  plane = await startTwoEnvironmentPlane({
    dmUrl: dm.current.url,
    environments: { [UP]: upDb.current.url, [DOWN]: downDb.current.url },
    dataDir,
    kickPublicKeyPem: kick.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sumsubSecret,
    internalEventsSecret: `whsec_${randomBytes(32).toString('base64')}`,
    // Refused attempts back off up to this; the default (an hour) would only make the test wait.
    fanoutBackoffMaxMs: 5_000,
  });
  const channels = simulatedChannels(STREAMS * CHANNELS_PER_STREAM, SEED);
  for (let i = 0; i < STREAMS; i += 1) {
    const traffic = createTraffic({
      seed: SEED + i,
      channels: channels.slice(i * CHANNELS_PER_STREAM, (i + 1) * CHANNELS_PER_STREAM),
      kickPrivateKey: kick.privateKey,
      sumsubSecret,
      sumsubShare: 0.2,
    });
    loads.push(createWebhookLoad({ senders: 1, ratePerSecond: RATE_PER_STREAM, source: () => traffic.next(Date.now()) }));
  }
}, 120_000);

afterAll(async () => {
  for (const load of loads) await load.pause();
  await plane?.stop();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
}, 60_000);

async function pendingFor(target: string): Promise<number> {
  const rows = await queryRows<{ n: number }>(dm.current.url, `SELECT count(*)::int AS n FROM ingest.outbox_delivery WHERE target = $1 AND status = 'pending'`, [target]);
  return rows[0]?.n ?? -1;
}

function ledgerEntries(): LedgerEntry[] {
  return loads.flatMap((load) => [...load.ledger.values()]);
}

describe(`an environment down for ${String(OUTAGE_MS / 1000)} s under load, then back (seed ${String(SEED)})`, () => {
  it('keeps acknowledging webhooks through the outage and drains once the environment is back', async () => {
    if (plane === undefined) throw new Error('the plane did not start');
    console.log(`environmentDown.faults: seed ${String(SEED)} (set FAULTS_SEED to repeat a run)`);
    for (const load of loads) load.start(plane.publicUrl);
    await sleep(WARM_UP_MS);
    await plane.stopEnvironment(DOWN);
    const startUs = Date.now() * 1000;
    await sleep(OUTAGE_MS);
    backlogAtReturn = await pendingFor(DOWN);
    const upPending = await pendingFor(UP);
    const endUs = Date.now() * 1000;
    await plane.startEnvironment(DOWN);
    window = { startUs, endUs };
    await sleep(AFTER_RETURN_MS);
    for (const load of loads) await load.pause();
    await waitDrained(plane.adminUrl, 120_000);
    events = await readOutboxEvents(dm.current.url);
    const summary = summarizeLedger(new Map(ledgerEntries().map((entry) => [entry.key, entry])));
    console.log(`environmentDown.faults: answers ${JSON.stringify(summary.counts)}; ${String(events.length)} events; at the return ${DOWN} had ${String(backlogAtReturn)} pending, ${UP} ${String(upPending)}`);
    expect(summary.unexpected).toEqual([]);
    expect(summary.unanswered.map((entry) => entry.key)).toEqual([]);
    expect(summary.conflicting).toEqual([]);
  }, 240_000);

  it('did not delay the environment that stayed up', async () => {
    const up = await readProcessedTimes(upDb.current.url);
    const during = events.filter((event) => event.receivedUs >= window.startUs && event.receivedUs <= window.endUs);
    const before = events.filter((event) => event.receivedUs < window.startUs);
    const lags = projectionLagsMs(during, up);
    const baseline = projectionLagsMs(before, up);
    const figures = { events: lags.length, p50: percentile(lags, 50), p99: percentile(lags, 99), max: percentile(lags, 100), baselineP99: percentile(baseline, 99) };
    console.log(`environmentDown.faults: ${UP} receipt → projection during the outage (ms) ${JSON.stringify(figures)}`);
    // The outage covered a real share of the load, and the environment up applied all of it.
    expect(during.length).toBeGreaterThan((OUTAGE_MS / 1000) * STREAMS * RATE_PER_STREAM * 0.3);
    expect(lags.length).toBe(during.length);
    expect(figures.p99).toBeLessThan(MAX_LAG_P99_MS);
  });

  it('left the downed environment a backlog, applied nothing there while it was down', async () => {
    const down = await readProcessedTimes(downDb.current.url);
    const appliedWhileDown = [...down.values()].filter((us) => us > window.startUs && us < window.endUs);
    expect(appliedWhileDown).toEqual([]);
    expect(backlogAtReturn).toBeGreaterThan((OUTAGE_MS / 1000) * STREAMS * RATE_PER_STREAM * 0.3);
  });

  it('drained the whole backlog into the environment that was down, with the same rows as the other', async () => {
    for (const db of [downDb.current.url, upDb.current.url]) {
      const processed = await readProcessedTimes(db);
      expect(events.filter((event) => !processed.has(event.id)).map((event) => event.id)).toEqual([]);
      expect(processed.size).toBe(events.length);
    }
    const deliveries = await queryRows<{ target: string; status: string; n: number }>(dm.current.url, 'SELECT target, status, count(*)::int AS n FROM ingest.outbox_delivery GROUP BY 1, 2 ORDER BY 1, 2');
    expect(deliveries).toEqual([UP, DOWN].sort().map((target) => ({ target, status: 'done', n: events.length })));
    expect(await readModelChecksums(downDb.current.url)).toEqual(await readModelChecksums(upDb.current.url));
  });

  it('applied each subject\'s events in outbox order in the environment that was down', async () => {
    const down = await readProcessedTimes(downDb.current.url);
    // The check has material: subjects with many events, applied over many transactions.
    const observed = observedOrderings(events, down);
    console.log(`environmentDown.faults: ${DOWN} applied consecutive events of one subject in different transactions ${String(observed)} times`);
    expect(subjectsWithAtLeast(events, 20)).toBeGreaterThanOrEqual(STREAMS);
    expect(observed).toBeGreaterThan(100);
    expect(orderViolations(events, down).slice(0, 10)).toEqual([]);
  });

  it('applied each subject\'s events in outbox order in the environment that stayed up', async () => {
    expect(orderViolations(events, await readProcessedTimes(upDb.current.url)).slice(0, 10)).toEqual([]);
  });
});
