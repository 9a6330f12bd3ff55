/**
 * `POST /webhooks/kick` (operation `receiveKickWebhook`). The body arrives as raw bytes (the app's
 * content-type parser; the 1 MiB limit has already answered 413), then the checks of DESIGN §5 run
 * in order: signature header → other required headers → signature → (classifyKick) replay window,
 * JSON, type, schema → accept. Header presence is checked here, not by a fastify headers schema, so
 * a missing signature answers 401 even when other headers are missing too.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { receiveKickWebhookRouteSchema } from '../../../generated/openapi/ingest.schemas.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { Acceptor } from '../accept/delivery.ts';
import { answerDelivery, metricTypeOf } from '../app/answerDelivery.ts';
import { receivedHeaders, requiredHeader } from '../app/receivedHeaders.ts';
import { classifyKick } from '../classify/classifyKick.ts';
import { sendIngestError, type IngestErrorReplyCode } from '../errors.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import type { KickPublicKeyProvider } from '../verify/kickPublicKey.ts';
import { verifyKickSignature } from '../verify/kickSignature.ts';

/** What the Kick receiver needs. */
export interface ReceiveKickWebhookDeps {
  readonly replayWindowSeconds: number;
  readonly acceptor: Acceptor;
  readonly kickKeys: KickPublicKeyProvider;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** The required headers after the signature, in the order they are checked (names as Kick documents them). */
const REQUIRED_HEADERS = ['Kick-Event-Message-Id', 'Kick-Event-Message-Timestamp', 'Kick-Event-Type', 'Kick-Event-Version'] as const;

/** Registers the route on `app`. */
export function receiveKickWebhook(app: FastifyInstance, deps: ReceiveKickWebhookDeps): void {
  // Only the response schemas: a headers or body schema would run fastify's generic validation first.
  app.post('/webhooks/kick', { schema: { response: receiveKickWebhookRouteSchema.response } }, async (request, reply) => {
    const receivedAt = deps.now();
    const headers = receivedHeaders(request.headers);
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const type = metricTypeOf('kick', requiredHeader(headers, 'kick-event-type'), requiredHeader(headers, 'kick-event-version'));
    const refuse = (code: IngestErrorReplyCode, message: string, signatureFailure?: string): FastifyReply => {
      if (signatureFailure !== undefined) deps.metrics.signatureFailures.inc({ source: 'kick', reason: signatureFailure });
      deps.metrics.webhooks.inc({ source: 'kick', type, outcome: code === 'INGEST_HEADER_MISSING' ? 'rejected_400' : 'rejected_401' });
      return sendIngestError(reply, code, message);
    };

    const signature = requiredHeader(headers, 'kick-event-signature');
    if (signature === null) return refuse('INGEST_SIGNATURE_MISSING', 'required header Kick-Event-Signature is missing', 'missing');
    const missing = REQUIRED_HEADERS.find((name) => requiredHeader(headers, name) === null);
    if (missing !== undefined) return refuse('INGEST_HEADER_MISSING', `required header ${missing} is missing`);

    const signed = { messageId: headers['kick-event-message-id'] ?? '', timestamp: headers['kick-event-message-timestamp'] ?? '', rawBody, signature };
    let verified = verifyKickSignature(signed, deps.kickKeys.current());
    // Kick may have rotated its key: refetch (at most once a minute) and try once more.
    if (!verified && (await deps.kickKeys.refreshAfterFailure())) verified = verifyKickSignature(signed, deps.kickKeys.current());
    if (!verified) return refuse('INGEST_SIGNATURE_INVALID', 'Kick-Event-Signature does not verify', 'invalid');

    const delivery = classifyKick({ rawBody, headers, receivedAt }, { replayWindowSeconds: deps.replayWindowSeconds, checkReplayWindow: true });
    return answerDelivery(reply, delivery, 'kick', deps);
  });
}
