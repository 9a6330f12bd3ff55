/**
 * An unstorable delivery must not take good ones down with it. A signed Kick delivery whose
 * message id is past PostgreSQL's btree entry limit (2,704 bytes) fails its accepting transaction;
 * the deliveries batched with it must still be accepted. (That delivery itself answers 503: see
 * the README's "Not done yet".)
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { startBadInputStack, type BadInputStack } from './kit/badInputStack.ts';
import { injectWire } from './kit/transport.ts';
import { validKick, validSumsub } from './kit/validDeliveries.ts';

const dm = useTestDatabase('dm');
const env = useTestDatabase('env');
let stack: BadInputStack;
let n = 0;

beforeAll(async () => {
  stack = await startBadInputStack(dm.current.url, env.current.url);
});
afterAll(async () => {
  await stack.close();
});

const CHAT = 'kick.chat.message.sent.v1';
/** 3,000 characters that do not compress: past PostgreSQL's btree entry limit (2,704 bytes). */
const incompressible = (): string => randomBytes(2250).toString('base64');
const tag = (): string => `defect-${String((n += 1))}`;

// Group commit: a delivery PostgreSQL refuses is tried alone, so the deliveries that shared its
// transaction are still accepted (services/ingest/accept/pgAcceptor.ts).
it('accepts the good deliveries batched with one PostgreSQL refuses (a message id past the btree entry limit)', async () => {
  const poison = validKick(stack.kick, CHAT, incompressible(), { body: validKick(stack.kick, CHAT, tag()).body });
  const goods = Array.from({ length: 20 }, () => validSumsub('sumsub.applicant_reviewed.v1', tag()));
  // Sent together, the later ones queue behind the acceptor's two batches in flight and share one.
  const answers = await Promise.all([...goods.slice(0, 10), poison, ...goods.slice(10)].map((request) => injectWire(stack.ingestApp, request)));
  expect(answers.filter((answer, i) => i !== 10 && answer.status !== 200).map((answer) => answer.status)).toEqual([]);
  // The refused one is not acknowledged: the provider keeps it and retries.
  expect(answers[10]?.status).toBe(503);
});
