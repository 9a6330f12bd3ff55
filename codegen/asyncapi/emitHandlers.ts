/**
 * Emits `generated/asyncapi/handlers.ts`: typed envelopes per event type and the projector
 * interfaces. A `ProjectorMap` missing an event type fails the type check.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import type { AsyncApiModel } from './eventModel.ts';

export function emitHandlers(model: AsyncApiModel): GeneratedFile {
  const envelope = model.envelope.typeName;
  const contents = `${header(model.source, 'ts')}
/**
 * Terminology:
 * - event: one provider message (a Kick or Sumsub webhook, or a viewer probe), identified by its versioned type.
 * - envelope: the CloudEvents 1.0 structured event that carries an event to an environment; \`data\` is the payload as received.
 * - projector: the function that applies one event type to an environment's read model, inside the transaction that
 *   records the event in \`processed_events\`.
 */
import type { EventDataByType, EventType } from './catalogue.ts';
import type { ${envelope} } from './types.ts';

/**
 * An envelope whose \`type\` and \`data\` agree. An intersection, not \`Omit\`: the envelope type has
 * an index signature (extension attributes), which \`Omit\` would turn every named field into.
 */
export type EnvelopeOf<K extends EventType> = ${envelope} & {
  readonly type: K;
  readonly data: EventDataByType[K];
};

/** Any envelope of a known type, discriminated by \`type\`. */
export type AnyEnvelope = { [K in EventType]: EnvelopeOf<K> }[EventType];

/**
 * What a projector reports. \`processed\`: applied (or found already newer). \`unsupported\`: this
 * environment does not project the type yet (a stub); the event is parked and replayable, never lost.
 * Invalid data (\`rejected\`), duplicates and thrown errors (\`failed\`) are decided by the receiver.
 */
export type ProjectorOutcome =
  | { readonly status: 'processed' }
  | { readonly status: 'unsupported'; readonly reason: string };

/**
 * Applies one event to the read model through \`tx\` (the receiver's open transaction).
 * Contract: idempotent (applying twice equals applying once) and order-insensitive (a late or
 * replayed event never overwrites state written by an event with a later \`time\`).
 */
export type Projector<K extends EventType, Tx> = (event: EnvelopeOf<K>, tx: Tx) => Promise<ProjectorOutcome>;

/** One projector per event type; a missing type is a type error. */
export type ProjectorMap<Tx> = { readonly [K in EventType]: Projector<K, Tx> };

/** A handler for one provider event on the ingest side, typed by its payload. */
export type EventHandler<K extends EventType, Ctx, R> = (data: EventDataByType[K], ctx: Ctx) => Promise<R>;
`;
  return { path: 'asyncapi/handlers.ts', contents };
}
