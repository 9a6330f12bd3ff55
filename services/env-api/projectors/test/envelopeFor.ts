/**
 * Builds valid envelopes for projector tests from the contract's message examples
 * (`eventExamples`), with overrides, the way ingest wraps a delivery (DESIGN §4).
 */
import { v7 as uuidv7 } from 'uuid';
import { eventCatalogue, isValidData, validateEnvelope, type EventDataByType, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import type { EnvelopeOf } from '../../../../generated/asyncapi/handlers.ts';

/**
 * A deep patch of a payload: plain objects merge key by key; arrays, null and scalars replace;
 * a key set to `undefined` is removed (to build an event that lacks an optional field).
 * A homomorphic mapped type (not a conditional one), so `{}` is a patch even of a generic payload.
 */
export type DataPatch<T> = { [P in keyof T]?: PatchValue<T[P]> | undefined };
type PatchValue<V> = unknown extends V ? unknown : DataPatch<V>;

/** What a test may change in the envelope {@link envelopeFor} builds. */
export interface EnvelopeOverrides<K extends EventType> {
  /** Which example of the type to start from: its index or its name (default: the first). */
  readonly example?: number | string;
  /** Merged into the example's payload (see {@link DataPatch}). */
  readonly data?: DataPatch<EventDataByType[K]>;
  /**
   * The envelope `time` (any string `Date` parses). Default: the provider's time of the example
   * (Kick message timestamp header, the probe's `probed_at`, Sumsub `createdAtMs` as UTC). It sets
   * the envelope only: patch `data` too when a test needs the payload's own timestamps to agree.
   */
  readonly time?: string;
  /** `vfreceivedat`; default: `time` plus 250 ms. */
  readonly receivedAt?: string;
  /** The envelope id; default: a fresh UUIDv7 minted at `receivedAt`, as ingest does. */
  readonly id?: string;
}

type Json = Record<string, unknown>;

function isPlainObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: unknown, patch: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(patch)) return structuredClone(patch);
  const out: Json = structuredClone(base);
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

function iso(value: string, what: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`envelopeFor: ${what} is not a date: ${value}`);
  return new Date(ms).toISOString();
}

/** Sumsub `createdAtMs` (`2020-02-21 13:23:19.321`, optional `+0000` offset) read as UTC. */
function sumsubTime(value: unknown): string {
  if (typeof value !== 'string') throw new Error('envelopeFor: the Sumsub payload has no createdAtMs');
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?:([+-]\d{2}):?(\d{2})|Z)?$/.exec(value.trim());
  if (m === null) throw new Error(`envelopeFor: unreadable createdAtMs ${value}`);
  const offset = m[3] === undefined ? 'Z' : `${m[3]}:${m[4] ?? '00'}`;
  return iso(`${m[1]}T${m[2]}${offset}`, 'createdAtMs');
}

function providerTime(type: EventType, headers: Readonly<Record<string, string>>, data: Json): string {
  const provider = eventCatalogue[type].provider;
  if (provider === 'kick') return iso(headers['kick-event-message-timestamp'] ?? '', 'kick-event-message-timestamp');
  if (provider === 'ingest') return iso(String(data['probed_at']), 'probed_at');
  return sumsubTime(data['createdAtMs']);
}

/**
 * A valid envelope of `type` from one of its contract examples, with `overrides` applied.
 * Throws when the result fails the envelope validator or the type's payload validator, so a test
 * can never feed a projector something the receiver would have rejected.
 */
export function envelopeFor<K extends EventType>(type: K, overrides: EnvelopeOverrides<K> = {}): EnvelopeOf<K> {
  const examples = eventExamples[type];
  const wanted = overrides.example ?? 0;
  const example = typeof wanted === 'number' ? examples[wanted] : examples.find((e) => e.name === wanted);
  if (example === undefined) throw new Error(`envelopeFor: ${type} has no example ${String(wanted)}`);
  const data = merge(example.payload, overrides.data ?? {});
  if (!isPlainObject(data) || !isValidData(type, data)) {
    throw new Error(`envelopeFor: the ${type} payload fails its schema: ${JSON.stringify(eventCatalogue[type].validateData.errors)}`);
  }
  const time = overrides.time === undefined ? providerTime(type, example.headers, data) : iso(overrides.time, 'time');
  const receivedAt = overrides.receivedAt === undefined ? new Date(Date.parse(time) + 250).toISOString() : iso(overrides.receivedAt, 'receivedAt');
  const id = overrides.id ?? uuidv7({ msecs: Date.parse(receivedAt) });
  const envelope: EnvelopeOf<K> = {
    specversion: '1.0',
    id,
    source: eventCatalogue[type].provider === 'ingest' ? 'urn:verifluence:ingest:poller' : 'urn:verifluence:ingest',
    type,
    subject: eventCatalogue[type].subjectOf(data),
    time,
    datacontenttype: 'application/json',
    dataschema: eventCatalogue[type].dataschema,
    data,
    vfreceivedat: receivedAt,
    vfprovidermsgid: `test:${id}`,
    vfrawid: uuidv7({ msecs: Date.parse(receivedAt) }),
  };
  if (!validateEnvelope(envelope)) {
    throw new Error(`envelopeFor: the ${type} envelope fails the contract: ${JSON.stringify(validateEnvelope.errors)}`);
  }
  return envelope;
}
