/**
 * Schema-invalid payloads of EVERY event type (kit/schemaInvalid.ts derives them from the
 * contract's examples and required lists), each correctly signed: on its provider's receiver it is
 * quarantined (`INGEST_PAYLOAD_INVALID`; for Sumsub a missing or non-string `type` is
 * `INGEST_EVENT_TYPE_UNKNOWN`, the type being read from it), and inside an envelope it is rejected
 * with `ENVAPI_DATA_INVALID`.
 */
import { eventCatalogue } from '../../../../generated/asyncapi/catalogue.ts';
import { quarantined, results, type CorpusCase } from '../kit/corpusCase.ts';
import { invalidPayloads, type InvalidPayload } from '../kit/schemaInvalid.ts';
import { signedBatch, SUMSUB_SECRET, validEnvelope, validKick } from '../kit/validDeliveries.ts';
import { sumsubWire } from '../kit/wire.ts';

/** The payload with a nonce (an extra field passes every schema), so no case dedupes against another. */
function withNonce(payload: unknown, tag: string): string {
  return JSON.stringify(typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? { ...payload, vf_nonce: tag } : payload);
}

function receiverCase(invalid: InvalidPayload): CorpusCase | null {
  const provider = eventCatalogue[invalid.type].provider;
  const name = `${invalid.type} ${invalid.name}`;
  if (provider === 'kick') {
    return { name, endpoint: 'kick', request: (ctx) => validKick(ctx.kick, invalid.type, ctx.tag, { body: withNonce(invalid.payload, ctx.tag) }), expect: quarantined('INGEST_PAYLOAD_INVALID') };
  }
  if (provider === 'sumsub') {
    const reason = invalid.pointer === '/type' ? 'INGEST_EVENT_TYPE_UNKNOWN' : 'INGEST_PAYLOAD_INVALID';
    return { name, endpoint: 'sumsub', request: (ctx) => sumsubWire(withNonce(invalid.payload, ctx.tag), SUMSUB_SECRET), expect: quarantined(reason) };
  }
  // The viewer probe is made by the ingest tier itself: no receiver takes it.
  return null;
}

function envelopeCase(invalid: InvalidPayload): CorpusCase {
  return {
    name: `${invalid.type} ${invalid.name} in an envelope`,
    endpoint: 'events',
    request: () => signedBatch([validEnvelope(invalid.type, { data: invalid.payload })]),
    expect: results({ status: 'rejected', code: 'ENVAPI_DATA_INVALID' }),
  };
}

const all = invalidPayloads();

/** Every derived invalid payload on its receiver and in an envelope. */
export const schemaInvalidCases: readonly CorpusCase[] = [...all.flatMap((invalid) => receiverCase(invalid) ?? []), ...all.map(envelopeCase)];

/** The event types the derivation covered (every type must be there). */
export const schemaInvalidTypes: ReadonlySet<string> = new Set(all.map((invalid) => invalid.type));
