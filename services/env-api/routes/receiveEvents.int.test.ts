/**
 * `POST /internal/events` results (DESIGN §7) on a real environment database: one result per
 * envelope in request order, answered as if each envelope had its own transaction (they share one
 * per group of a lane until an event fails, then the group is applied event by event).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import { validateReceiveEventsResponse200, validateReceiveEventsResponse503 } from '../../../generated/openapi/internal-events.validators.cjs';
import { createEnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { committingTransactions, processedRows, testWrites } from '../test/dbRows.ts';
import { counterValue, createTestWritesTable, type AnyTypeProjector, envelopeOf, signedBatch, signedRequest, startEnvApp, testProjectors, withRole, type EnvHarness, type EnvHarnessOptions } from '../test/envAppHarness.ts';
import { startTcpProxy } from '../test/tcpProxy.ts';
import { everyType, stub, throwing, writing } from '../test/testProjectorKit.ts';

const db = useTestDatabase('env');
const chat = 'kick.chat.message.sent.v1';

beforeAll(async () => {
  await createTestWritesTable(db.current.url);
});

let harness: EnvHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function start(options: EnvHarnessOptions = {}): Promise<EnvHarness> {
  harness = await startEnvApp(db.current.url, { projectors: everyType(writing('applied')), ...options });
  return harness;
}

function idOf(envelope: Record<string, unknown>): string {
  return String(envelope.id);
}

describe('POST /internal/events: applied envelopes', () => {
  it('processes an envelope of every contract event type: processed_events row and projector write, one result each in order', async () => {
    const { app, metrics } = await start();
    const envelopes = EVENT_TYPES.map((type) => envelopeOf(type));
    const ids = envelopes.map(idOf);
    const response = await app.inject(signedBatch(envelopes));
    expect(response.statusCode).toBe(200);
    expect(validateReceiveEventsResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({ results: ids.map((id) => ({ id, status: 'processed' })) });
    expect(await processedRows(db.current.url, ids)).toEqual(Object.fromEntries(envelopes.map((e) => [idOf(e), e.type])));
    expect(Object.keys(await testWrites(db.current.url, ids))).toHaveLength(EVENT_TYPES.length);
    expect(await counterValue(metrics, 'events', { type: chat, status: 'processed' })).toBe(1);
  });

  it('takes a single event (application/cloudevents+json) as a batch of one', async () => {
    const { app } = await start();
    const envelope = envelopeOf(chat);
    const response = await app.inject(signedRequest(JSON.stringify(envelope), { contentType: 'application/cloudevents+json; charset=utf-8' }));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
    expect(await processedRows(db.current.url, [idOf(envelope)])).toEqual({ [idOf(envelope)]: chat });
  });

  it('answers an empty batch with no results', async () => {
    const { app } = await start();
    const response = await app.inject(signedBatch([]));
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ results: [] });
  });

  it('answers duplicate for an envelope applied before, and changes nothing', async () => {
    const { app, metrics } = await start();
    const envelope = envelopeOf(chat);
    expect((await app.inject(signedBatch([envelope]))).json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
    const before = await testWrites(db.current.url, [idOf(envelope)]);
    await harness?.close();
    // The replay reaches a projector that would write something else: it must not run.
    harness = await startEnvApp(db.current.url, { projectors: everyType(writing('replayed')) });
    const replay = await harness.app.inject(signedBatch([envelope]));
    expect(replay.json()).toEqual({ results: [{ id: envelope.id, status: 'duplicate' }] });
    expect(validateReceiveEventsResponse200(replay.json())).toBe(true);
    expect(await testWrites(db.current.url, [idOf(envelope)])).toEqual(before);
    expect(before).toEqual({ [idOf(envelope)]: 'applied' });
    expect(await counterValue(metrics, 'events', { type: chat, status: 'processed' })).toBe(1);
  });

  it('applies an envelope repeated within one batch once: processed, then duplicate', async () => {
    const { app } = await start();
    const envelope = envelopeOf(chat);
    const response = await app.inject(signedBatch([envelope, envelope]));
    expect(response.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }, { id: envelope.id, status: 'duplicate' }] });
    expect(await testWrites(db.current.url, [idOf(envelope)])).toEqual({ [idOf(envelope)]: 'applied' });
  });

  it('applies the events of one subject in batch order, whatever the other subjects do', async () => {
    const applied: string[] = [];
    const recording: AnyTypeProjector = async (event) => {
      applied.push(event.id);
      return { status: 'processed' };
    };
    const { app } = await start({ projectors: everyType(recording) });
    const subjects = ['kick/broadcaster/1', 'kick/broadcaster/2', 'kick/broadcaster/3', 'kick/broadcaster/4', 'kick/broadcaster/5'];
    const batch = Array.from({ length: 40 }, (_, i) => envelopeOf(chat, { subject: subjects[i % subjects.length] }));
    const response = await app.inject(signedBatch(batch));
    expect((response.json() as { results: unknown[] }).results).toHaveLength(40);
    for (const subject of subjects) {
      const ofSubject = batch.filter((e) => e.subject === subject).map(idOf);
      expect(applied.filter((id) => ofSubject.includes(id))).toEqual(ofSubject);
    }
  });
});

describe('POST /internal/events: a batch with invalid envelopes', () => {
  it('rejects or parks the bad envelopes with their paths and still applies the others', async () => {
    const { app, metrics } = await start();
    const first = envelopeOf(chat);
    const { id: _dropped, ...withoutId } = envelopeOf(chat);
    const badId = envelopeOf(chat, { id: 'not-a-uuid' });
    const unknownType = envelopeOf(chat, { type: 'kick.example.v9', dataschema: 'urn:vf:schema:kick.example.v9' });
    const badData = envelopeOf(chat);
    const badDataPayload = badData.data as { broadcaster: Record<string, unknown> };
    badDataPayload.broadcaster.user_id = 'not a number';
    const wrongSchema = envelopeOf(chat, { dataschema: 'urn:vf:schema:kick.channel.followed.v1' });
    const last = envelopeOf('sumsub.applicant_reviewed.v1');
    const batch = [first, withoutId, badId, unknownType, badData, 42, wrongSchema, last];

    const response = await app.inject(signedBatch(batch));
    expect(response.statusCode).toBe(200);
    expect(validateReceiveEventsResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({
      results: [
        { id: first.id, status: 'processed' },
        { index: 1, status: 'rejected', error: { code: 'ENVAPI_ENVELOPE_INVALID', message: "envelope must have required property 'id'" } },
        { id: 'not-a-uuid', status: 'rejected', error: { code: 'ENVAPI_ENVELOPE_INVALID', message: 'envelope/id must match format "uuid"' } },
        { id: unknownType.id, status: 'unsupported', error: { code: 'ENVAPI_EVENT_TYPE_UNKNOWN', message: 'type kick.example.v9 is unknown to this environment' } },
        { id: badData.id, status: 'rejected', error: { code: 'ENVAPI_DATA_INVALID', message: 'data/broadcaster/user_id must be integer' } },
        { index: 5, status: 'rejected', error: { code: 'ENVAPI_ENVELOPE_INVALID', message: 'envelope must be object' } },
        { id: wrongSchema.id, status: 'rejected', error: { code: 'ENVAPI_ENVELOPE_INVALID', message: `envelope/dataschema must be urn:vf:schema:${chat} for type ${chat}` } },
        { id: last.id, status: 'processed' },
      ],
    });
    const ids = [first, unknownType, badData, wrongSchema, last].map(idOf);
    expect(Object.keys(await processedRows(db.current.url, ids)).sort()).toEqual([idOf(first), idOf(last)].sort());
    expect(Object.keys(await testWrites(db.current.url, ids)).sort()).toEqual([idOf(first), idOf(last)].sort());
    expect(await counterValue(metrics, 'events', { type: chat, status: 'rejected' })).toBe(4);
    expect(await counterValue(metrics, 'events', { type: 'unknown', status: 'rejected' })).toBe(1);
    expect(await counterValue(metrics, 'events', { type: 'unknown', status: 'unsupported' })).toBe(1);
  });
});

describe('POST /internal/events: projectors that do not apply', () => {
  it('answers unsupported for a stub projector, writes no processed_events row, and a later replay applies', async () => {
    const { app } = await start({ projectors: testProjectors({ [chat]: stub('no projector for chat yet') }) });
    const envelope = envelopeOf(chat);
    const response = await app.inject(signedBatch([envelope]));
    expect(validateReceiveEventsResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({ results: [{ id: envelope.id, status: 'unsupported', error: { code: 'ENVAPI_PROJECTOR_STUB', message: 'no projector for chat yet' } }] });
    expect(await processedRows(db.current.url, [idOf(envelope)])).toEqual({});

    await harness?.close();
    harness = await startEnvApp(db.current.url, { projectors: everyType(writing('after the stub')) });
    const replay = await harness.app.inject(signedBatch([envelope]));
    expect(replay.json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
    expect(await testWrites(db.current.url, [idOf(envelope)])).toEqual({ [idOf(envelope)]: 'after the stub' });
  });

  it('answers failed with the message when the projector throws, rolls its writes back, and a retry applies', async () => {
    const { app, metrics } = await start({ projectors: everyType(throwing('projector exploded')) });
    const envelope = envelopeOf(chat);
    const response = await app.inject(signedBatch([envelope]));
    expect(validateReceiveEventsResponse200(response.json())).toBe(true);
    expect(response.json()).toEqual({ results: [{ id: envelope.id, status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'projector exploded' } }] });
    expect(await processedRows(db.current.url, [idOf(envelope)])).toEqual({});
    expect(await testWrites(db.current.url, [idOf(envelope)])).toEqual({});
    expect(await counterValue(metrics, 'events', { type: chat, status: 'failed' })).toBe(1);

    await harness?.close();
    harness = await startEnvApp(db.current.url, { projectors: everyType(writing('retried')) });
    expect((await harness.app.inject(signedBatch([envelope]))).json()).toEqual({ results: [{ id: envelope.id, status: 'processed' }] });
  });

  it('keeps the others of the batch when one projector fails', async () => {
    const failing = envelopeOf('kick.channel.followed.v1');
    const ok = envelopeOf(chat);
    const { app } = await start({ projectors: testProjectors({ [chat]: writing('applied'), 'kick.channel.followed.v1': throwing('follow failed') }) });
    const response = await app.inject(signedBatch([failing, ok]));
    expect(response.json()).toEqual({
      results: [
        { id: failing.id, status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'follow failed' } },
        { id: ok.id, status: 'processed' },
      ],
    });
    expect(Object.keys(await processedRows(db.current.url, [idOf(failing), idOf(ok)]))).toEqual([idOf(ok)]);
  });

  it('applies the rest of a group one by one when one of its projectors fails or declines: each answer as if alone', async () => {
    const chats = [envelopeOf(chat), envelopeOf(chat), envelopeOf(chat)];
    const failing = envelopeOf('kick.channel.followed.v1');
    const declined = envelopeOf('kick.livestream.status.updated.v1');
    const { app, metrics } = await start({
      projectors: testProjectors({ [chat]: writing('applied'), 'kick.channel.followed.v1': throwing('follow failed'), 'kick.livestream.status.updated.v1': stub('not yet') }),
      config: { applyLanes: 1 },
    });
    const batch = [chats[0], failing, chats[1], declined, chats[2], chats[0]].filter((e) => e !== undefined);
    const response = await app.inject(signedBatch(batch));
    expect(response.json()).toEqual({
      results: [
        { id: chats[0]?.id, status: 'processed' },
        { id: failing.id, status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'follow failed' } },
        { id: chats[1]?.id, status: 'processed' },
        { id: declined.id, status: 'unsupported', error: { code: 'ENVAPI_PROJECTOR_STUB', message: 'not yet' } },
        { id: chats[2]?.id, status: 'processed' },
        { id: chats[0]?.id, status: 'duplicate' },
      ],
    });
    expect(Object.keys(await processedRows(db.current.url, batch.map(idOf))).sort()).toEqual(chats.map(idOf).sort());
    expect(Object.keys(await testWrites(db.current.url, batch.map(idOf))).sort()).toEqual(chats.map(idOf).sort());
    expect(await counterValue(metrics, 'events', { type: chat, status: 'processed' })).toBe(3);
    expect(await counterValue(metrics, 'events', { type: chat, status: 'duplicate' })).toBe(1);
  });

  it('commits a whole group in one transaction when every projector applies, with a duplicate inside answered as such', async () => {
    const chats = Array.from({ length: 120 }, () => envelopeOf(chat));
    const { app, metrics } = await start({ config: { applyLanes: 2 } });
    const response = await app.inject(signedBatch([...chats, chats[7] ?? chats[0]]));
    const results = (response.json() as { results: { id: string; status: string }[] }).results;
    expect(results).toHaveLength(121);
    expect(results.slice(0, 120)).toEqual(chats.map((e) => ({ id: e.id, status: 'processed' })));
    expect(results[120]).toEqual({ id: chats[7]?.id, status: 'duplicate' });
    expect(Object.keys(await processedRows(db.current.url, chats.map(idOf)))).toHaveLength(120);
    // One subject, so one lane: 121 envelopes in groups of 50 are three transactions.
    expect(await committingTransactions(db.current.url, chats.map(idOf))).toBe(3);
    expect(await counterValue(metrics, 'events', { type: chat, status: 'processed' })).toBe(120);
  });
});

describe('POST /internal/events: PostgreSQL unavailable', () => {
  it('answers 503 with Retry-After when the database is unreachable, and applies nothing', async () => {
    const proxy = await startTcpProxy(withRole(db.current.url, 'vf_env'));
    const pool = await createEnvPool(proxy.url, { connectionTimeoutMs: 1_000 });
    try {
      const { app } = await start({ pool });
      await proxy.cut();
      const envelope = envelopeOf(chat);
      const response = await app.inject(signedBatch([envelope]));
      expect(response.statusCode).toBe(503);
      expect(response.headers['retry-after']).toBe('5');
      expect(validateReceiveEventsResponse503(response.json())).toBe(true);
      expect(response.json()).toMatchObject({ code: 'ENVAPI_UNAVAILABLE' });
      expect(await processedRows(db.current.url, [idOf(envelope)])).toEqual({});
    } finally {
      await harness?.close();
      harness = undefined;
      await pool.end();
    }
  });

  it('answers what was committed when the database goes away mid-batch; the rest is left out for the sender to retry', async () => {
    const proxy = await startTcpProxy(withRole(db.current.url, 'vf_env'));
    const pool = await createEnvPool(proxy.url, { connectionTimeoutMs: 1_000 });
    const first = envelopeOf(chat);
    const second = envelopeOf(chat);
    const third = envelopeOf('kick.channel.followed.v1');
    const fourth = envelopeOf(chat);
    try {
      const cutting = testProjectors({
        [chat]: writing('applied'),
        'kick.channel.followed.v1': async () => {
          await proxy.cut();
          return { status: 'processed' };
        },
      });
      // One lane, groups of two: the first group commits, the cut falls inside the second's transaction.
      const { app } = await start({ pool, projectors: cutting, config: { applyLanes: 1, applyGroupMaxEvents: 2 } });
      const response = await app.inject(signedBatch([first, second, third, fourth]));
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ results: [first, second].map((e) => ({ id: e.id, status: 'processed' })) });
      expect(Object.keys(await processedRows(db.current.url, [first, second, third, fourth].map(idOf))).sort()).toEqual([idOf(first), idOf(second)].sort());
    } finally {
      await harness?.close();
      harness = undefined;
      await pool.end();
    }
  });

  it('answers 503 when the database goes away inside the first group: its transaction never committed', async () => {
    const proxy = await startTcpProxy(withRole(db.current.url, 'vf_env'));
    const pool = await createEnvPool(proxy.url, { connectionTimeoutMs: 1_000 });
    const first = envelopeOf(chat);
    const second = envelopeOf('kick.channel.followed.v1');
    try {
      const cutting = testProjectors({
        [chat]: writing('applied'),
        'kick.channel.followed.v1': async () => {
          await proxy.cut();
          return { status: 'processed' };
        },
      });
      const { app } = await start({ pool, projectors: cutting, config: { applyLanes: 1 } });
      const response = await app.inject(signedBatch([first, second]));
      expect(response.statusCode).toBe(503);
      expect(await processedRows(db.current.url, [first, second].map(idOf))).toEqual({});
      expect(await testWrites(db.current.url, [idOf(first)])).toEqual({});
    } finally {
      await harness?.close();
      harness = undefined;
      await pool.end();
    }
  });

});
