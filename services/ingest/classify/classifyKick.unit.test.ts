import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { classifyKick } from './classifyKick.ts';

const options = { replayWindowSeconds: 48 * 3600, checkReplayWindow: true } as const;
const HOUR_MS = 3_600_000;

/** Every Kick example of the contract, as the wire would carry it. */
const kickExamples = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'kick').flatMap((type) =>
  eventExamples[type].map((example) => ({ type, name: example.name, headers: example.headers, payload: example.payload as unknown })),
);

function userIdOf(payload: unknown): number {
  const broadcaster: unknown = typeof payload === 'object' && payload !== null ? Reflect.get(payload, 'broadcaster') : undefined;
  const id: unknown = typeof broadcaster === 'object' && broadcaster !== null ? Reflect.get(broadcaster, 'user_id') : undefined;
  if (typeof id !== 'number') throw new Error('example without broadcaster.user_id');
  return id;
}

function hex(...parts: readonly (string | Buffer)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

const chat = eventExamples['kick.chat.message.sent.v1'][0];
if (chat === undefined) throw new Error('the contract has no chat.message.sent example');
const sentAt = new Date(chat.headers['kick-event-message-timestamp'] ?? '');
const chatBody = Buffer.from(JSON.stringify(chat.payload));

/** The chat example, received `ageMs` after Kick sent it, with header and body overrides. */
function chatRequest(change: { ageMs?: number; headers?: Record<string, string>; rawBody?: Buffer } = {}) {
  return { rawBody: change.rawBody ?? chatBody, headers: { ...chat?.headers, ...change.headers }, receivedAt: new Date(sentAt.getTime() + (change.ageMs ?? 60_000)) };
}

describe('classifyKick: every contract example', () => {
  it('covers the 10 Kick event types', () => {
    expect(new Set(kickExamples.map((example) => example.type)).size).toBe(10);
  });

  it.each(kickExamples)('$type ($name) is valid with its subject, time and dedupe key', ({ type, headers, payload }) => {
    const rawBody = Buffer.from(JSON.stringify(payload));
    const sentAtText = headers['kick-event-message-timestamp'] ?? '';
    const receivedAt = new Date(Date.parse(sentAtText) + 5_000);
    const delivery = classifyKick({ rawBody, headers, receivedAt }, options);
    const want = {
      kind: 'valid',
      source: 'kick',
      eventType: type,
      providerMessageId: headers['kick-event-message-id'],
      providerType: headers['kick-event-type'],
      providerVersion: '1',
      providerTime: new Date(sentAtText),
      subject: `kick/broadcaster/${String(userIdOf(payload))}`,
      broadcasterUserId: userIdOf(payload),
      bodySha256: createHash('sha256').update(rawBody).digest(),
      dedupeKeys: [{ key: `kick:body:${hex(`${headers['kick-event-type'] ?? ''}\n1\n`, rawBody)}`, expiresAt: new Date(receivedAt.getTime() + 24 * HOUR_MS) }],
      headers,
      rawBody,
      receivedAt,
      data: payload,
    };
    expect(delivery).toEqual(want);
  });
});

describe('classifyKick: quarantine reasons', () => {
  it.each([
    ['a body that is not JSON', chatRequest({ rawBody: Buffer.from('not json') }), 'INGEST_BODY_NOT_JSON'],
    ['a body that is not UTF-8', chatRequest({ rawBody: Buffer.from([0x7b, 0xff, 0x7d]) }), 'INGEST_BODY_NOT_JSON'],
    ['an unknown type', chatRequest({ headers: { 'kick-event-type': 'chat.message.deleted' } }), 'INGEST_EVENT_TYPE_UNKNOWN'],
    ['an unknown version', chatRequest({ headers: { 'kick-event-version': '2' } }), 'INGEST_EVENT_TYPE_UNKNOWN'],
    ['a timestamp 3 days old', chatRequest({ ageMs: 72 * HOUR_MS }), 'INGEST_TIMESTAMP_OUTSIDE_WINDOW'],
    ['a timestamp 10 minutes ahead', chatRequest({ ageMs: -10 * 60_000 }), 'INGEST_TIMESTAMP_OUTSIDE_WINDOW'],
    ['an unreadable timestamp', chatRequest({ headers: { 'kick-event-message-timestamp': 'Jan 14 2025' } }), 'INGEST_TIMESTAMP_OUTSIDE_WINDOW'],
    ['a stale timestamp on a body that is not JSON (window first)', chatRequest({ ageMs: 72 * HOUR_MS, rawBody: Buffer.from('x') }), 'INGEST_TIMESTAMP_OUTSIDE_WINDOW'],
    ['a body that is not JSON with an unknown type (JSON first)', chatRequest({ rawBody: Buffer.from('x'), headers: { 'kick-event-type': 'nope' } }), 'INGEST_BODY_NOT_JSON'],
  ])('%s → %s', (_case, request, reason) => {
    expect(classifyKick(request, options)).toMatchObject({ kind: 'quarantine', reason, errors: [] });
  });

  it('quarantines a payload that fails the schema, with the validation errors', () => {
    const rawBody = Buffer.from(JSON.stringify({ ...chat.payload, broadcaster: { ...chat.payload.broadcaster, user_id: 'abc' } }));
    expect(classifyKick(chatRequest({ rawBody }), options)).toMatchObject({
      kind: 'quarantine',
      reason: 'INGEST_PAYLOAD_INVALID',
      errors: [{ path: '/broadcaster/user_id', message: 'must be integer' }],
      providerTime: sentAt,
      providerType: 'chat.message.sent',
    });
  });

  it('quarantines a payload holding U+0000, which the outbox cannot store, naming where it is', () => {
    const rawBody = Buffer.from(JSON.stringify({ ...chat.payload, content: 'hi\u0000there' }));
    expect(rawBody.toString()).toContain('\\u0000');
    expect(classifyKick(chatRequest({ rawBody }), options)).toMatchObject({
      kind: 'quarantine',
      reason: 'INGEST_PAYLOAD_INVALID',
      errors: [{ path: '/content', message: expect.stringContaining('U+0000') }],
    });
  });

  it('keeps the provider fields and dedupe key on a quarantined delivery', () => {
    const delivery = classifyKick(chatRequest({ rawBody: Buffer.from('x') }), options);
    expect(delivery).toMatchObject({ source: 'kick', providerMessageId: chat.headers['kick-event-message-id'], providerVersion: '1' });
    expect(delivery.dedupeKeys[0]?.key).toBe(`kick:body:${hex('chat.message.sent\n1\n', Buffer.from('x'))}`);
  });
});

describe('classifyKick: replay window', () => {
  it.each([
    ['an hour old', HOUR_MS],
    ['just inside the window', 48 * HOUR_MS],
    ['4 minutes ahead', -4 * 60_000],
  ])('accepts a timestamp %s', (_case, ageMs) => {
    expect(classifyKick(chatRequest({ ageMs }), options).kind).toBe('valid');
  });

  it('uses the configured window', () => {
    expect(classifyKick(chatRequest({ ageMs: HOUR_MS }), { ...options, replayWindowSeconds: 1800 }).kind).toBe('quarantine');
  });

  it('skips the window when asked (quarantine replay)', () => {
    expect(classifyKick(chatRequest({ ageMs: 72 * HOUR_MS }), { ...options, checkReplayWindow: false })).toMatchObject({ kind: 'valid', providerTime: sentAt });
  });
});

describe('classifyKick: dedupe key', () => {
  it('is the same for the same body resent under a new message id', () => {
    const first = classifyKick(chatRequest(), options);
    const resent = classifyKick(chatRequest({ headers: { 'kick-event-message-id': '01JHJS8DY0JMATT6BD9WWCJ299' } }), options);
    expect(resent.dedupeKeys).toEqual(first.dedupeKeys);
    expect(resent.providerMessageId).not.toBe(first.providerMessageId);
  });

  it('differs for the same body under another type', () => {
    const first = classifyKick(chatRequest(), options);
    const other = classifyKick(chatRequest({ headers: { 'kick-event-type': 'channel.followed' } }), options);
    expect(other.dedupeKeys[0]?.key).not.toBe(first.dedupeKeys[0]?.key);
  });
});
