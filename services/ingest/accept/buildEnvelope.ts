/**
 * Wraps one accepted delivery in its CloudEvents 1.0 envelope (DESIGN §4, contracts/asyncapi.yaml
 * `cloudEventEnvelope`) and checks it with the generated envelope validator.
 */
import { eventCatalogue, validateEnvelope } from '../../../generated/asyncapi/catalogue.ts';
import type { CloudEventEnvelope } from '../../../generated/asyncapi/types.ts';
import { AppError } from '../../shared/errors.ts';
import type { ValidDelivery } from './delivery.ts';

/** `source` of envelopes from the webhook receivers. */
export const WEBHOOK_SOURCE = 'urn:verifluence:ingest';
/** `source` of viewer probes, as the contract names the poller. */
export const POLLER_SOURCE = 'urn:verifluence:ingest:poller';

/** The ids an envelope carries besides the delivery itself. */
export interface EnvelopeIds {
  readonly envelopeId: string;
  readonly rawEventId: string;
}

/**
 * Builds the envelope of an accepted delivery. `vfprovidermsgid` is the provider message id, or for
 * Sumsub (no message id) the hex SHA-256 of the body, the key ingest dedupes it on.
 * Throws `INGEST_ENVELOPE_INVALID` when the result fails the contract: that is a bug here or in
 * the classifier, never an outcome of provider input (the payload was validated already).
 */
export function buildEnvelope(delivery: ValidDelivery, ids: EnvelopeIds): CloudEventEnvelope {
  if (!isRecord(delivery.data)) {
    throw new AppError('INGEST_ENVELOPE_INVALID', 'the payload of an accepted delivery is not a JSON object', {
      details: { eventType: delivery.eventType, envelopeId: ids.envelopeId },
    });
  }
  const envelope: CloudEventEnvelope = {
    specversion: '1.0',
    id: ids.envelopeId,
    source: delivery.source === 'kick_probe' ? POLLER_SOURCE : WEBHOOK_SOURCE,
    type: delivery.eventType,
    subject: delivery.subject,
    time: delivery.providerTime.toISOString(),
    datacontenttype: 'application/json',
    dataschema: eventCatalogue[delivery.eventType].dataschema,
    data: delivery.data,
    vfreceivedat: delivery.receivedAt.toISOString(),
    vfprovidermsgid: delivery.providerMessageId ?? delivery.bodySha256.toString('hex'),
    vfrawid: ids.rawEventId,
  };
  if (!validateEnvelope(envelope)) {
    throw new AppError('INGEST_ENVELOPE_INVALID', `the envelope of ${delivery.eventType} fails the contract`, {
      details: { eventType: delivery.eventType, envelopeId: ids.envelopeId, errors: validateEnvelope.errors ?? [] },
    });
  }
  return envelope;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
