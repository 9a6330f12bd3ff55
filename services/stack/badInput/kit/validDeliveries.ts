/**
 * Valid, signed deliveries of every provider event type, each one new (a fresh message id, and a
 * nonce field in the body, since Kick and Sumsub also dedupe on the body): the good data interleaved
 * with bad input, which must end up stored exactly once.
 */
import { v7 as uuidv7 } from 'uuid';
import { EVENT_TYPES, eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import { envelopeOf, NEW_SECRET, OLD_SECRET } from '../../../env-api/test/envAppHarness.ts';
import { EXAMPLE_SUMSUB_SECRET } from '../../../ingest/app/test/publicAppHarness.ts';
import { eventsWire, kickWire, sumsubWire, type KickSign, type WireRequest } from './wire.ts';

/** The Kick webhook types, the Sumsub webhook types. */
export const KICK_TYPES: readonly EventType[] = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'kick');
export const SUMSUB_TYPES: readonly EventType[] = EVENT_TYPES.filter((type) => eventCatalogue[type].provider === 'sumsub');

/** The secrets the environment app trusts (a rotation: old and new), and the one the ingest app trusts for Sumsub. */
export const EVENTS_SECRETS: readonly string[] = [OLD_SECRET, NEW_SECRET];
export const SUMSUB_SECRET = EXAMPLE_SUMSUB_SECRET;

/** The first example payload of `type` with `extra` fields (undocumented fields pass through); throws if that is not valid. */
export function examplePayload(type: EventType, extra: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`the contract has no example of ${type}`);
  const payload: Record<string, unknown> = { ...structuredClone(example.payload), ...extra };
  if (!eventCatalogue[type].validateData(payload)) throw new Error(`${type}: the example with ${JSON.stringify(extra)} is not valid`);
  return payload;
}

/** A valid Kick delivery of `type` with body `body` (default: the example with nonce `tag`), stamped `at`. */
export function validKick(signer: KickSign, type: EventType, tag: string, options: { readonly at?: Date; readonly body?: Buffer | string } = {}): WireRequest {
  const entry = eventCatalogue[type];
  return kickWire(signer, {
    type: entry.providerName,
    version: entry.providerVersion ?? '1',
    messageId: `01KBAD${tag}`,
    timestamp: (options.at ?? new Date()).toISOString(),
    body: options.body ?? JSON.stringify(examplePayload(type, { vf_nonce: tag })),
  });
}

/** A valid Sumsub delivery of `type`, made unique by nonce `tag`. */
export function validSumsub(type: EventType, tag: string): WireRequest {
  return sumsubWire(JSON.stringify(examplePayload(type, { vfNonce: tag })), SUMSUB_SECRET);
}

/** A valid envelope of `type` (fresh id, subject by the contract's rule). */
export function validEnvelope(type: EventType, overrides: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const envelope = envelopeOf(type);
  const subjectOf: (data: unknown) => string = eventCatalogue[type].subjectOf as (data: unknown) => string;
  return { ...envelope, subject: subjectOf(envelope.data), ...overrides };
}

/** A signed batch of `envelopes` (signed now, under the new secret). */
export function signedBatch(envelopes: readonly unknown[], contentType?: string): WireRequest {
  return eventsWire(JSON.stringify(envelopes), { secrets: [NEW_SECRET], at: new Date(), msgId: `batch-${uuidv7()}` }, contentType);
}
