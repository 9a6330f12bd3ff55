/**
 * `POST /internal/events` (operation `receiveEvents`): envelopes from the fan-out tier. The body
 * arrives as raw bytes (the signature covers them), and the checks run in the contract's order
 * (`x-check-order`), the first failing one deciding the answer with nothing applied:
 * content type (415, before the body is read) → size (413, the app's body limit) → signature
 * headers present → timestamp within 5 minutes → a `v1` signature under a configured secret (401)
 * → JSON array or object (400). Then every envelope gets its own result (apply/applyBatch.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { receiveEventsRouteSchema, type EventResults } from '../../../generated/openapi/internal-events.schemas.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { applyBatch, type ApplyBatchDeps } from '../apply/applyBatch.ts';
import { cloudEventsMode, parseEnvelopes } from '../apply/parseEnvelopes.ts';
import { sendEnvApiError, type EnvApiReplyCode } from '../errors.ts';
import type { EnvApiMetrics } from '../metrics/envApiMetrics.ts';
import { verifyWebhookSignature, type SignatureVerdict } from '../verify/verifyWebhookSignature.ts';

/** What the receiver needs. */
export interface ReceiveEventsDeps extends ApplyBatchDeps {
  /** The decoded `INTERNAL_EVENTS_SECRETS`: a signature under any of them is accepted (rotation). */
  readonly keys: readonly Buffer[];
  readonly metrics: EnvApiMetrics;
  readonly logger: Logger;
  readonly now: () => Date;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

const refusals: { readonly [K in Exclude<SignatureVerdict['kind'], 'valid'>]: EnvApiReplyCode } = {
  missing: 'ENVAPI_SIGNATURE_MISSING',
  outside_tolerance: 'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE',
  invalid: 'ENVAPI_SIGNATURE_INVALID',
};

function refusalMessage(verdict: Exclude<SignatureVerdict, { kind: 'valid' }>): string {
  switch (verdict.kind) {
    case 'missing':
      return `required header ${verdict.header} is missing`;
    case 'outside_tolerance':
      return verdict.reason;
    case 'invalid':
      return 'no webhook-signature entry matches a configured secret';
  }
}

/** Registers the route on `app` (whose content-type parser hands every body over as a Buffer). */
export function receiveEvents(app: FastifyInstance, deps: ReceiveEventsDeps): void {
  const refuse = (reply: FastifyReply, code: EnvApiReplyCode, message: string): FastifyReply => {
    deps.metrics.refusedRequests.inc({ code });
    return sendEnvApiError(reply, code, message);
  };

  // Only the response schemas: a headers or body schema would run fastify's generic validation
  // before the signature, and answer its own 400s.
  app.post(
    '/internal/events',
    {
      schema: { response: receiveEventsRouteSchema.response },
      // Before the body is read, so a wrong content type answers 415 whatever its size.
      onRequest: async (request, reply) => {
        if (cloudEventsMode(header(request, 'content-type')) === null) {
          return refuse(reply, 'ENVAPI_CONTENT_TYPE_UNSUPPORTED', 'the content type must be application/cloudevents-batch+json or application/cloudevents+json');
        }
        return undefined;
      },
    },
    async (request, reply) => {
      const mode = cloudEventsMode(header(request, 'content-type')) ?? 'batch';
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const verdict = verifyWebhookSignature(
        { id: header(request, 'webhook-id'), timestamp: header(request, 'webhook-timestamp'), signature: header(request, 'webhook-signature') },
        rawBody,
        deps.keys,
        deps.now().getTime(),
      );
      if (verdict.kind !== 'valid') return refuse(reply, refusals[verdict.kind], refusalMessage(verdict));

      const parsed = parseEnvelopes(rawBody, mode);
      if (parsed.kind === 'invalid') return refuse(reply, 'ENVAPI_BODY_INVALID', parsed.message);

      const answer = await applyBatch(parsed.items, deps);
      if (answer.kind === 'unavailable') return refuse(reply, 'ENVAPI_UNAVAILABLE', 'the environment database is unavailable; nothing was applied');
      const body: EventResults = { results: [...answer.results] };
      return reply.code(200).send(body);
    },
  );
}
