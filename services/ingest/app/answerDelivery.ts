/**
 * The end of both webhook receivers: hand the classified delivery to the acceptor and answer
 * only once it has committed (DESIGN §5). Accepted and duplicate answer 200; a quarantined
 * delivery, or a duplicate of one, answers 202; anything the acceptor throws answers 503 with
 * `Retry-After`, so the provider retries and nothing is acknowledged that was not stored.
 */
import type { FastifyReply } from 'fastify';
import { kickEventType, sumsubEventType } from '../../../generated/asyncapi/catalogue.ts';
import type { WebhookAccepted, WebhookQuarantined } from '../../../generated/openapi/ingest.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { AcceptResult, Acceptor, Delivery, QuarantineReason } from '../accept/delivery.ts';
import { sendIngestError } from '../errors.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';

/** The provider a webhook route serves. */
export type WebhookSource = 'kick' | 'sumsub';

/** What {@link answerDelivery} needs. */
export interface AnswerDeliveryDeps {
  readonly acceptor: Acceptor;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
}

/**
 * The `type` label of the webhooks counter: the versioned type when the catalogue knows it, else
 * `unknown`. Never the raw header or body value, which any caller could vary without limit.
 */
export function metricTypeOf(source: WebhookSource, providerType: string | null, providerVersion: string | null): string {
  if (providerType === null) return 'unknown';
  const known = source === 'kick' ? kickEventType(providerType, providerVersion ?? '') : sumsubEventType(providerType);
  return known ?? 'unknown';
}

type Answer = { readonly status: 200; readonly body: WebhookAccepted } | { readonly status: 202; readonly body: WebhookQuarantined };

function answerOf(result: AcceptResult, delivery: Delivery): Answer {
  switch (result.kind) {
    case 'accepted':
      return { status: 200, body: { status: 'accepted', id: result.envelopeId } };
    case 'quarantined':
      return { status: 202, body: { status: 'quarantined', reason: result.reason, id: result.rawEventId } };
    case 'duplicate': {
      if (result.originalStatus === 'accepted' && result.envelopeId !== null) return { status: 200, body: { status: 'duplicate', id: result.envelopeId } };
      // The original is still quarantined: answer as it was answered, with its reason.
      const reason: QuarantineReason | null = result.quarantineReason ?? (delivery.kind === 'quarantine' ? delivery.reason : null);
      if (reason === null) throw new Error(`duplicate of raw event ${result.rawEventId} is neither accepted with an envelope nor quarantined with a reason`);
      return { status: 202, body: { status: 'quarantined', reason, id: result.rawEventId } };
    }
  }
}

/** Accepts `delivery` and answers; counts the outcome and the time to acknowledge. */
export async function answerDelivery(reply: FastifyReply, delivery: Delivery, source: WebhookSource, deps: AnswerDeliveryDeps): Promise<FastifyReply> {
  const type = delivery.kind === 'valid' ? delivery.eventType : metricTypeOf(source, delivery.providerType, delivery.providerVersion);
  let result: AcceptResult;
  let answer: Answer;
  try {
    result = await deps.acceptor.accept(delivery);
    answer = answerOf(result, delivery);
  } catch (e: unknown) {
    deps.logger.error({ err: coerceError(e), source, providerMessageId: delivery.providerMessageId }, 'accepting a webhook failed; answering 503');
    deps.metrics.webhooks.inc({ source, type, outcome: 'rejected_503' });
    return sendIngestError(reply, 'INGEST_UNAVAILABLE', 'PostgreSQL is unavailable or the commit failed; retry later');
  }
  deps.metrics.webhooks.inc({ source, type, outcome: result.kind });
  deps.metrics.ackSeconds.observe({ source }, reply.elapsedTime / 1000);
  return reply.code(answer.status).send(answer.body);
}
