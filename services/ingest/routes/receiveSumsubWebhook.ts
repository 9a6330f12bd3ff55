/**
 * `POST /webhooks/sumsub` (operation `receiveSumsubWebhook`). The body arrives as raw bytes (the
 * app's content-type parser; the 1 MiB limit has already answered 413), then the checks of DESIGN §5
 * run in order: `X-Payload-Digest` present → known `X-Payload-Digest-Alg` → digest under one of the
 * configured secrets → (classifySumsub) JSON, type, schema → accept. Sumsub signs no timestamp, so
 * there is no replay window.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { receiveSumsubWebhookRouteSchema } from '../../../generated/openapi/ingest.schemas.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { Acceptor } from '../accept/delivery.ts';
import { answerDelivery } from '../app/answerDelivery.ts';
import { receivedHeaders, requiredHeader } from '../app/receivedHeaders.ts';
import { classifySumsub } from '../classify/classifySumsub.ts';
import { sendIngestError, type IngestErrorReplyCode } from '../errors.ts';
import type { IngestMetrics } from '../metrics/ingestMetrics.ts';
import { verifySumsubDigest } from '../verify/sumsubDigest.ts';

/** What the Sumsub receiver needs. */
export interface ReceiveSumsubWebhookDeps {
  /** `SUMSUB_WEBHOOK_SECRETS`: any of them may have signed (rotation). */
  readonly secrets: readonly string[];
  readonly acceptor: Acceptor;
  readonly metrics: IngestMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

/** Registers the route on `app`. */
export function receiveSumsubWebhook(app: FastifyInstance, deps: ReceiveSumsubWebhookDeps): void {
  // Only the response schemas: a headers or body schema would run fastify's generic validation first.
  app.post('/webhooks/sumsub', { schema: { response: receiveSumsubWebhookRouteSchema.response } }, async (request, reply) => {
    const receivedAt = deps.now();
    const headers = receivedHeaders(request.headers);
    const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    // The body is unverified until the digest matches: no type label from it yet.
    const refuse = (code: IngestErrorReplyCode, message: string, signatureFailure: string): FastifyReply => {
      deps.metrics.signatureFailures.inc({ source: 'sumsub', reason: signatureFailure });
      deps.metrics.webhooks.inc({ source: 'sumsub', type: 'unknown', outcome: 'rejected_401' });
      return sendIngestError(reply, code, message);
    };

    const digest = requiredHeader(headers, 'x-payload-digest');
    if (digest === null) return refuse('INGEST_SIGNATURE_MISSING', 'required header X-Payload-Digest is missing', 'missing');
    const alg = headers['x-payload-digest-alg'];
    const verdict = verifySumsubDigest(rawBody, digest, alg, deps.secrets);
    if (verdict.kind === 'unknown_algorithm') {
      return refuse('INGEST_DIGEST_ALG_UNKNOWN', `X-Payload-Digest-Alg ${JSON.stringify((alg ?? '').slice(0, 64))} is not accepted`, 'unknown_algorithm');
    }
    if (verdict.kind === 'invalid') return refuse('INGEST_SIGNATURE_INVALID', 'X-Payload-Digest does not match the body under any configured secret', 'invalid');

    return answerDelivery(reply, classifySumsub({ rawBody, headers, receivedAt }), 'sumsub', deps);
  });
}
