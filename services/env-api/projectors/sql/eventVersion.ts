/**
 * The version projections order events by (DESIGN §4, §7): envelope `time`, then `vfreceivedat`,
 * then envelope `id` (UUIDv7), compared in that order. Shared by the Kick and KYC projections,
 * which store it per row and per group of fields (kickVersion.ts, kycVersion.ts).
 */
import type { CloudEventEnvelope } from '../../../../generated/asyncapi/types.ts';

/** When an event happened, as the projections order events. */
export interface EventVersion {
  /** Envelope `time`: the provider's time (RFC 3339). */
  readonly time: string;
  /** Envelope `vfreceivedat` (RFC 3339). */
  readonly receivedAt: string;
  /** Envelope `id` (UUIDv7). */
  readonly eventId: string;
}

/** The version of an envelope (the receiver has validated it). */
export function eventVersionOf(event: Pick<CloudEventEnvelope, 'time' | 'vfreceivedat' | 'id'>): EventVersion {
  return { time: event.time, receivedAt: event.vfreceivedat, eventId: event.id };
}
