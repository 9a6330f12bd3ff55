/**
 * The bad-input corpus (issue 7 "Bad input"): every case of cases/*.ts through the real ingest
 * receivers (PostgreSQL acceptor) and the real `/internal/events` (every real projector), each
 * answered as DESIGN §5 / §7 and the contracts name it, storing exactly what that answer promises;
 * a valid delivery after every case, and at the end every good delivery stored exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import { kickSigner, type KickSigner } from '../../ingest/app/test/publicAppHarness.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { bodyCases } from './cases/bodyCases.ts';
import { eventsCases } from './cases/eventsCases.ts';
import { kickCases } from './cases/kickCases.ts';
import { schemaInvalidCases, schemaInvalidTypes } from './cases/schemaInvalidCases.ts';
import { socketCases } from './cases/socketCases.ts';
import { sumsubCases } from './cases/sumsubCases.ts';
import { startBadInputStack, type BadInputStack } from './kit/badInputStack.ts';
import type { CorpusCase } from './kit/corpusCase.ts';
import { corpusRunner, type CorpusRunner } from './kit/runCase.ts';
import { listenLocal } from './kit/transport.ts';

const dm = useTestDatabase('dm');
const env = useTestDatabase('env');
let stack: BadInputStack;
let runner: CorpusRunner;
let otherKick: KickSigner;

beforeAll(async () => {
  stack = await startBadInputStack(dm.current.url, env.current.url);
  otherKick = kickSigner();
  runner = corpusRunner(stack, { ingest: await listenLocal(stack.ingestApp), env: await listenLocal(stack.envApp) }, otherKick);
});
afterAll(async () => {
  await stack.close();
});

const groups: readonly (readonly [string, readonly CorpusCase[]])[] = [
  ['Kick signatures, headers, replay window', kickCases],
  ['Sumsub digests and types', sumsubCases],
  ['provider bodies: JSON, size, content type, unicode', bodyCases],
  ['/internal/events', eventsCases],
  ['raw bytes on a socket', socketCases],
  ['schema-invalid payloads of every event type', schemaInvalidCases],
];

it('has unique case names and covers every event type of the contract', () => {
  const names = groups.flatMap(([, cases]) => cases.map((c) => c.name));
  expect(new Set(names).size).toBe(names.length);
  expect([...schemaInvalidTypes].sort()).toEqual([...EVENT_TYPES].sort());
});

for (const [group, cases] of groups) {
  describe(group, () => {
    for (const c of cases) it(c.name, () => runner.run(c));
  });
}

it('kept every good delivery exactly once and stored nothing of a refused request', async () => {
  await runner.keptOnce();
  expect((await stack.ingestApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
  expect((await stack.envApp.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
});
