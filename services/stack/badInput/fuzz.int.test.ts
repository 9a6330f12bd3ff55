/**
 * The bounded fuzz run (issue 7 "Bad input"): FUZZ_REQUESTS mutated requests across the two
 * provider receivers and `/internal/events` (real apps, real PostgreSQL, real projectors), from a
 * fixed seed (override with FUZZ_SEED to explore; a failure prints the seed and the request).
 * Every 50th request is a valid delivery that must be kept. Asserted: no 5xx at all (the database
 * is healthy, so not even the documented 503), every answer documented (status, body, code), the
 * apps still up, every valid delivery stored exactly once, and nothing stored that no answer
 * acknowledged.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { processEnv } from '../../shared/config/processEnv.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { bodyOf, undocumentedAnswer } from './kit/answers.ts';
import { startBadInputStack, type BadInputStack } from './kit/badInputStack.ts';
import { freshRequest, fuzzRequest } from './kit/fuzzTraffic.ts';
import { createPrng, seedFrom } from './kit/prng.ts';
import { injectWire, type Answer } from './kit/transport.ts';
import type { Endpoint, WireRequest } from './kit/wire.ts';

/** Requests in the run (valid ones included) and how many are in flight at once. */
export const FUZZ_REQUESTS = 10_000;
const CONCURRENCY = 16;
const VALID_EVERY = 50;
const DEFAULT_SEED = 20261121;
const ENDPOINTS: readonly Endpoint[] = ['kick', 'sumsub', 'events'];

const dm = useTestDatabase('dm');
const env = useTestDatabase('env');
let stack: BadInputStack;

beforeAll(async () => {
  stack = await startBadInputStack(dm.current.url, env.current.url);
});
afterAll(async () => {
  await stack.close();
});

interface Sent {
  readonly index: number;
  readonly request: WireRequest;
  readonly applied: readonly string[];
  readonly valid: boolean;
}

/** What the answers acknowledged, to compare with what the databases hold. */
interface Acknowledged {
  readonly accepted: Set<string>;
  readonly duplicateOf: Set<string>;
  readonly quarantined: Set<string>;
  readonly processed: Set<string>;
  readonly eventDuplicates: Set<string>;
  readonly validIngest: string[];
  readonly validEvents: string[];
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** Why the answer to `sent` is wrong, or null; notes what it acknowledged. */
function judge(sent: Sent, answer: Answer, acknowledged: Acknowledged): string | null {
  if (answer.status >= 500) return `status ${String(answer.status)}`;
  const undocumented = undocumentedAnswer(sent.request.endpoint, answer);
  if (undocumented !== null) return undocumented;
  const body = record(bodyOf(answer));
  if (sent.request.endpoint === 'events') {
    const results = Array.isArray(body.results) ? body.results.map(record) : [];
    for (const result of results) {
      if (result.status === 'processed') acknowledged.processed.add(String(result.id));
      if (result.status === 'duplicate') acknowledged.eventDuplicates.add(String(result.id));
    }
    if (sent.valid && (answer.status !== 200 || results.length === 0 || results.some((r) => r.status !== 'processed'))) return 'a valid batch was not processed';
    if (sent.valid) acknowledged.validEvents.push(...results.map((r) => String(r.id)));
    return null;
  }
  const id = String(body.id);
  if (body.status === 'accepted') acknowledged.accepted.add(id);
  if (body.status === 'duplicate') acknowledged.duplicateOf.add(id);
  if (body.status === 'quarantined') acknowledged.quarantined.add(id);
  if (sent.valid && body.status !== 'accepted') return 'a valid delivery was not accepted';
  if (sent.valid) acknowledged.validIngest.push(id);
  return null;
}

it(`answers ${String(FUZZ_REQUESTS)} mutated requests as documented and keeps every valid one exactly once`, async () => {
  const seed = seedFrom(processEnv().FUZZ_SEED, DEFAULT_SEED);
  console.info(`fuzz: seed ${String(seed)} (FUZZ_SEED=${String(seed)} reproduces), ${String(FUZZ_REQUESTS)} requests`);
  const prng = createPrng(seed);
  const acknowledged: Acknowledged = { accepted: new Set(), duplicateOf: new Set(), quarantined: new Set(), processed: new Set(), eventDuplicates: new Set(), validIngest: [], validEvents: [] };
  const failures: string[] = [];
  const kinds = new Map<string, number>();
  const started = performance.now();
  let buildingMs = 0;

  for (let first = 0; first < FUZZ_REQUESTS; first += CONCURRENCY) {
    const building = performance.now();
    const wave: Sent[] = [];
    for (let index = first; index < Math.min(first + CONCURRENCY, FUZZ_REQUESTS); index++) {
      const valid = index % VALID_EVERY === VALID_EVERY - 1;
      const endpoint = valid ? (ENDPOINTS[Math.floor(index / VALID_EVERY) % ENDPOINTS.length] ?? 'kick') : prng.pick(ENDPOINTS);
      const tag = `fuzz-${String(index)}`;
      wave.push(valid ? { index, request: freshRequest(prng, stack.kick, endpoint, tag), applied: [], valid } : { index, ...fuzzRequest(prng, stack.kick, endpoint, tag), valid });
    }
    buildingMs += performance.now() - building;
    const answers = await Promise.all(wave.map((sent) => injectWire(sent.request.endpoint === 'events' ? stack.envApp : stack.ingestApp, sent.request)));
    wave.forEach((sent, i) => {
      const answer = answers[i];
      const problem = answer === undefined ? 'no answer' : judge(sent, answer, acknowledged);
      if (problem !== null) kinds.set(`${sent.request.endpoint}: ${problem.slice(0, 90)}`, (kinds.get(`${sent.request.endpoint}: ${problem.slice(0, 90)}`) ?? 0) + 1);
      if (problem !== null) failures.push(`#${String(sent.index)} ${sent.request.endpoint} [${sent.applied.join(', ')}]: ${problem}; body ${sent.request.body.subarray(0, 160).toString('latin1')}`);
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.info(`fuzz: ${String(FUZZ_REQUESTS)} requests in ${seconds.toFixed(1)} s (${(buildingMs / 1000).toFixed(1)} s of it building and signing them); ${String(acknowledged.accepted.size)} accepted, ${String(acknowledged.quarantined.size)} quarantined, ${String(acknowledged.processed.size)} envelopes processed`);
  expect(failures.slice(0, 10), `seed ${String(seed)}: ${String(failures.length)} bad answers: ${JSON.stringify(Object.fromEntries(kinds))}`).toEqual([]);

  // Everything stored was acknowledged, everything acknowledged is stored, once.
  const stored = await stack.ledger.ingestIds();
  const sorted = (values: Iterable<string>): string[] => [...values].sort();
  expect(sorted(stored.inboxEnvelopes)).toEqual(sorted(acknowledged.accepted));
  expect(sorted(stored.outboxEnvelopes)).toEqual(sorted(acknowledged.accepted));
  expect(sorted(stored.inboxQuarantined)).toEqual(sorted(acknowledged.quarantined));
  expect([...acknowledged.duplicateOf].filter((id) => !acknowledged.accepted.has(id))).toEqual([]);
  expect(sorted(await stack.ledger.processedIds())).toEqual(sorted(acknowledged.processed));
  expect([...acknowledged.eventDuplicates].filter((id) => !acknowledged.processed.has(id))).toEqual([]);
  // The valid ones, each kept (the lists have one entry per valid request).
  expect(acknowledged.validIngest.length + acknowledged.validEvents.length).toBeGreaterThanOrEqual(FUZZ_REQUESTS / VALID_EVERY);
  expect(acknowledged.validIngest.filter((id) => !stored.inboxEnvelopes.includes(id))).toEqual([]);
  expect(new Set(acknowledged.validIngest).size).toBe(acknowledged.validIngest.length);
  // Both apps still serve.
  expect((await stack.ingestApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await stack.envApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
}, 300_000);
