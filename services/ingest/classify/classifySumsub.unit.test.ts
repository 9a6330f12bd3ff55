import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { classifySumsub } from './classifySumsub.ts';

const DAY_MS = 86_400_000;
const receivedAt = new Date('2025-03-05T12:00:00.000Z');

/** Every Sumsub example of the contract, as the wire would carry it. */
const sumsubExamples = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'sumsub').flatMap((type) =>
  eventExamples[type].map((example) => ({ type, name: example.name, headers: example.headers, payload: example.payload as unknown })),
);

function field(payload: unknown, name: string): string {
  const value: unknown = typeof payload === 'object' && payload !== null ? Reflect.get(payload, name) : undefined;
  if (typeof value !== 'string') throw new Error(`example without ${name}`);
  return value;
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

describe('classifySumsub: every contract example', () => {
  it('covers every Sumsub type of the catalogue', () => {
    expect(new Set(sumsubExamples.map((example) => example.type)).size).toBe(EVENT_TYPES.filter((type) => type.startsWith('sumsub.')).length);
  });

  it.each(sumsubExamples)('$type ($name) is valid with its subject, time and dedupe key', ({ type, headers, payload }) => {
    const rawBody = Buffer.from(JSON.stringify(payload));
    const delivery = classifySumsub({ rawBody, headers, receivedAt });
    expect(delivery).toEqual({
      kind: 'valid',
      source: 'sumsub',
      eventType: type,
      providerMessageId: null,
      providerType: field(payload, 'type'),
      providerVersion: null,
      // createdAtMs carries no zone: it is UTC.
      providerTime: new Date(`${field(payload, 'createdAtMs').replace(' ', 'T')}Z`),
      subject: `sumsub/applicant/${field(payload, 'applicantId')}`,
      broadcasterUserId: null,
      bodySha256: sha256(rawBody),
      dedupeKeys: [{ key: `sumsub:body:${sha256(rawBody).toString('hex')}`, expiresAt: new Date(receivedAt.getTime() + 90 * DAY_MS) }],
      headers,
      rawBody,
      receivedAt,
      data: payload,
    });
  });
});

const reviewed = eventExamples['sumsub.applicant_reviewed.v1'][0];
if (reviewed === undefined) throw new Error('the contract has no applicantReviewed example');

function request(body: string) {
  return { rawBody: Buffer.from(body), headers: { 'x-payload-digest': 'ab' }, receivedAt };
}

describe('classifySumsub: quarantine reasons', () => {
  it.each([
    ['a body that is not JSON', 'not json', 'INGEST_BODY_NOT_JSON', null],
    ['an unknown type', JSON.stringify({ ...reviewed.payload, type: 'applicantTagsChanged' }), 'INGEST_EVENT_TYPE_UNKNOWN', 'applicantTagsChanged'],
    ['a body without type', JSON.stringify({ applicantId: 'a' }), 'INGEST_EVENT_TYPE_UNKNOWN', null],
    ['a JSON array', '[1,2]', 'INGEST_EVENT_TYPE_UNKNOWN', null],
    ['an inherited property name as type', JSON.stringify({ type: 'toString' }), 'INGEST_EVENT_TYPE_UNKNOWN', 'toString'],
  ])('%s → %s', (_case, body, reason, providerType) => {
    expect(classifySumsub(request(body))).toMatchObject({ kind: 'quarantine', reason, errors: [], providerType, providerMessageId: null });
  });

  it('quarantines a payload that fails the schema, with the validation errors', () => {
    const { reviewResult: _dropped, ...withoutResult } = reviewed.payload;
    expect(classifySumsub(request(JSON.stringify(withoutResult)))).toMatchObject({
      kind: 'quarantine',
      reason: 'INGEST_PAYLOAD_INVALID',
      errors: [{ path: '', message: "must have required property 'reviewResult'" }],
      providerType: 'applicantReviewed',
      providerTime: new Date('2020-02-21T13:23:19.321Z'),
    });
  });

  it('falls back to the receive time when the body has no readable time', () => {
    expect(classifySumsub(request('not json')).providerTime).toEqual(receivedAt);
  });

  it('dedupes a quarantined body on its SHA-256 too', () => {
    const delivery = classifySumsub(request('not json'));
    expect(delivery.dedupeKeys).toEqual([{ key: `sumsub:body:${sha256(Buffer.from('not json')).toString('hex')}`, expiresAt: new Date(receivedAt.getTime() + 90 * DAY_MS) }]);
  });
});
