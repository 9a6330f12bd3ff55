/**
 * `/webhooks/sumsub`: the digest (DESIGN §5, contracts/openapi/ingest.yaml `receiveSumsubWebhook`):
 * `X-Payload-Digest` is the lowercase hex HMAC of the raw body under one of
 * `SUMSUB_WEBHOOK_SECRETS` (the test stack trusts a rotated-out secret and the current one), with
 * the algorithm in `X-Payload-Digest-Alg` (absent: HMAC_SHA256_HEX, as Sumsub's own sample).
 */
import { expect } from 'vitest';
import { accepted, quarantined, refused, type CorpusCase, type CorpusContext } from '../kit/corpusCase.ts';
import { examplePayload, SUMSUB_SECRET, validSumsub } from '../kit/validDeliveries.ts';
import { headerOf, signSumsub, sumsubWire, withBody, withHeader, type WireRequest } from '../kit/wire.ts';

const REVIEWED = 'sumsub.applicant_reviewed.v1';

function reviewed(ctx: CorpusContext): WireRequest {
  return validSumsub(REVIEWED, ctx.tag);
}

function digest(request: WireRequest): string {
  return headerOf(request, 'x-payload-digest') ?? '';
}

/** A reviewed payload (nonce `tag`) with `changes` applied, signed. */
function reviewedWith(ctx: CorpusContext, changes: Readonly<Record<string, unknown>>): WireRequest {
  const payload: Record<string, unknown> = { ...examplePayload(REVIEWED, { vfNonce: ctx.tag }), ...changes };
  for (const [key, value] of Object.entries(changes)) if (value === undefined) Reflect.deleteProperty(payload, key);
  return sumsubWire(JSON.stringify(payload), SUMSUB_SECRET);
}

const digestCases: CorpusCase[] = [
  { name: 'digest under a secret not configured', endpoint: 'sumsub', request: (ctx) => signSumsub(reviewed(ctx), 'not-our-secret'), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'digest under the rotated-out secret (rotation)', endpoint: 'sumsub', request: (ctx) => signSumsub(reviewed(ctx), 'rotated-out-secret'), expect: accepted },
  ...['HMAC_SHA1_HEX', 'HMAC_SHA512_HEX'].map((alg): CorpusCase => ({ name: `digest with ${alg}`, endpoint: 'sumsub', request: (ctx) => signSumsub(reviewed(ctx), SUMSUB_SECRET, alg), expect: accepted })),
  { name: 'no X-Payload-Digest-Alg: HMAC_SHA256_HEX', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest-Alg', undefined), expect: accepted },
  { name: 'SHA-512 digest labelled HMAC_SHA256_HEX', endpoint: 'sumsub', request: (ctx) => withHeader(signSumsub(reviewed(ctx), SUMSUB_SECRET, 'HMAC_SHA512_HEX'), 'X-Payload-Digest-Alg', 'HMAC_SHA256_HEX'), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'digest truncated', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest', digest(reviewed(ctx)).slice(0, 32)), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'digest with junk appended', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest', `${digest(reviewed(ctx))}zz`), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'digest of another body', endpoint: 'sumsub', request: (ctx) => withBody(reviewed(ctx), `${reviewed(ctx).body.toString()} `), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'digest in base64 instead of hex', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest', Buffer.from(digest(reviewed(ctx)), 'hex').toString('base64')), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'no X-Payload-Digest', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest', undefined), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  { name: 'empty X-Payload-Digest', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest', ''), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  { name: 'Kick signature headers on the Sumsub route', endpoint: 'sumsub', request: (ctx) => withHeader(withHeader(reviewed(ctx), 'X-Payload-Digest', undefined), 'Kick-Event-Signature', 'abc'), expect: refused(401, 'INGEST_SIGNATURE_MISSING') },
  { name: 'X-Payload-Digest-Alg HMAC_MD5_HEX', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest-Alg', 'HMAC_MD5_HEX'), expect: refused(401, 'INGEST_DIGEST_ALG_UNKNOWN') },
  { name: 'X-Payload-Digest-Alg in lower case', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest-Alg', 'hmac_sha256_hex'), expect: refused(401, 'INGEST_DIGEST_ALG_UNKNOWN') },
  { name: 'empty X-Payload-Digest-Alg', endpoint: 'sumsub', request: (ctx) => withHeader(reviewed(ctx), 'X-Payload-Digest-Alg', ''), expect: refused(401, 'INGEST_DIGEST_ALG_UNKNOWN') },
];

const typeCases: CorpusCase[] = [
  { name: 'no type field', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { type: undefined }), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  { name: 'type holding U+0000', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { type: 'applicant\u0000Reviewed' }), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  { name: 'unknown type', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { type: 'applicantExploded' }), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  { name: 'type of another event than the body', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { type: 'applicantActionReviewed' }), expect: quarantined('INGEST_PAYLOAD_INVALID') },
  {
    name: 'createdAtMs in year 0000: accepted, the envelope time is the receive time',
    endpoint: 'sumsub',
    request: (ctx) => reviewedWith(ctx, { createdAtMs: '0000-01-01 00:00:00' }),
    expect: accepted,
    verify: async ({ ledger, id }) => {
      const envelope = await ledger.outboxEnvelope(id ?? '');
      expect(envelope?.time).toBe(envelope?.vfreceivedat);
    },
  },
  { name: 'createdAtMs past year 9999 in UTC: accepted', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { createdAtMs: '9999-12-31 23:59:59-2359' }), expect: accepted },
  { name: 'createdAtMs that is not a Sumsub timestamp', endpoint: 'sumsub', request: (ctx) => reviewedWith(ctx, { createdAtMs: '2025-01-14T16:10:00Z' }), expect: quarantined('INGEST_PAYLOAD_INVALID') },
];

/** The digest and event type of the Sumsub receiver. */
export const sumsubCases: readonly CorpusCase[] = [...digestCases, ...typeCases];
