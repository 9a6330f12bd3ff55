/**
 * The per-envelope checks of `POST /internal/events` before anything touches the database
 * (DESIGN §7, contracts/openapi/internal-events.yaml): the envelope against the generated
 * CloudEvents validator → its `type` known here → its `data` against the generated validator of
 * that type. Pure: answers a value, never throws.
 */
import type { ErrorObject } from 'ajv';
import { eventCatalogue, isEventType, isValidData, validateEnvelope, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import type { EnvelopeOf } from '../../../generated/asyncapi/handlers.ts';
import type { CloudEventEnvelope } from '../../../generated/asyncapi/types.ts';
import type { EventResult } from '../../../generated/openapi/internal-events.schemas.ts';
import { envApiResultStatus, type EnvApiResultErrorCode } from '../errors.ts';

/** How a result names its envelope: the id as sent when it is a string, else the batch index. */
export type EnvelopeRef = { readonly id: string } | { readonly index: number };

/** What `processed_events` records of an envelope. */
export interface EnvelopeKey {
  readonly id: string;
  readonly type: EventType;
  /** The envelope `time` as an ISO instant (UTC, milliseconds). */
  readonly time: string;
  readonly subject: string;
}

/** An envelope ready to apply, or the result it already has. */
export type EnvelopeCheck =
  // `key`: what processed_events records, its time normalised to a UTC instant.
  | { readonly kind: 'apply'; readonly ref: EnvelopeRef; readonly key: EnvelopeKey; readonly envelope: EnvelopeOf<EventType> }
  | { readonly kind: 'answered'; readonly ref: EnvelopeRef; readonly type: string | null; readonly result: EventResult };

/** How many validation errors a message lists (the validators stop at the first unless allErrors). */
const MAX_LISTED_ERRORS = 3;

/** The id when the item is an object with a string `id`, else its index. */
export function envelopeRef(item: unknown, index: number): EnvelopeRef {
  const id: unknown = typeof item === 'object' && item !== null && !Array.isArray(item) ? Reflect.get(item, 'id') : undefined;
  return typeof id === 'string' ? { id } : { index };
}

/** A per-event result carrying `code` with the status that code goes with. */
export function errorResult(ref: EnvelopeRef, code: EnvApiResultErrorCode, message: string): EventResult {
  return { ...ref, status: envApiResultStatus[code], error: { code, message } };
}

/** `"/path message; …"` of ajv errors, the JSON pointers prefixed with `prefix`. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined, prefix: string): string {
  const listed = (errors ?? []).slice(0, MAX_LISTED_ERRORS).map((error) => `${prefix}${error.instancePath === '' ? '' : error.instancePath} ${error.message ?? error.keyword}`);
  return listed.length === 0 ? `${prefix} is invalid` : listed.join('; ');
}

function narrow<K extends EventType>(type: K, envelope: CloudEventEnvelope): EnvelopeOf<K> | null {
  const data: unknown = envelope.data;
  return isValidData(type, data) ? { ...envelope, type, data } : null;
}

function stringType(item: unknown): string | null {
  const type: unknown = typeof item === 'object' && item !== null ? Reflect.get(item, 'type') : undefined;
  return typeof type === 'string' ? type : null;
}

/** Checks item `index` of a request's envelopes. */
export function checkEnvelope(item: unknown, index: number): EnvelopeCheck {
  const ref = envelopeRef(item, index);
  const answered = (code: EnvApiResultErrorCode, message: string): EnvelopeCheck => ({ kind: 'answered', ref, type: stringType(item), result: errorResult(ref, code, message) });
  if (!validateEnvelope(item)) return answered('ENVAPI_ENVELOPE_INVALID', describeErrors(validateEnvelope.errors, 'envelope'));
  const envelope: CloudEventEnvelope = item;
  // The validator checks the RFC 3339 shape; projectors and processed_events need a real instant.
  const timeMs = Date.parse(envelope.time);
  if (Number.isNaN(timeMs)) return answered('ENVAPI_ENVELOPE_INVALID', 'envelope/time is not a readable instant');
  const type = envelope.type;
  if (!isEventType(type)) return answered('ENVAPI_EVENT_TYPE_UNKNOWN', `type ${type} is unknown to this environment`);
  const dataschema = eventCatalogue[type].dataschema;
  if (envelope.dataschema !== dataschema) return answered('ENVAPI_ENVELOPE_INVALID', `envelope/dataschema must be ${dataschema} for type ${type}`);
  const typed = narrow(type, envelope);
  if (typed === null) return answered('ENVAPI_DATA_INVALID', describeErrors(eventCatalogue[type].validateData.errors, 'data'));
  return { kind: 'apply', ref, key: { id: envelope.id, type, time: new Date(timeMs).toISOString(), subject: envelope.subject }, envelope: typed };
}
