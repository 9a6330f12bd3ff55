/**
 * The previous system's webhook paths (operations `retiredKickWebhookPath`,
 * `retiredSumsubWebhookPath`, `retiredKycHookPath`). Every method answers 410
 * `INGEST_RETIRED_PATH` naming the current path, and nothing is stored, so a provider still
 * configured with an old URL fails loudly instead of being silently dropped.
 */
import type { FastifyInstance } from 'fastify';
import {
  retiredKickWebhookPathRouteSchema,
  retiredKycHookPathRouteSchema,
  retiredSumsubWebhookPathRouteSchema,
} from '../../../generated/openapi/ingest.schemas.ts';
import { sendIngestError } from '../errors.ts';

/** Retired path → the path that replaced it, with its generated route schema. */
const retiredPaths = [
  { path: '/wh/kick', current: '/webhooks/kick', schema: retiredKickWebhookPathRouteSchema },
  { path: '/wh/sumsub', current: '/webhooks/sumsub', schema: retiredSumsubWebhookPathRouteSchema },
  { path: '/api/kyc/hook', current: '/webhooks/sumsub', schema: retiredKycHookPathRouteSchema },
] as const;

/** Registers the three retired paths on `app`, for every method. */
export function retiredWebhookPaths(app: FastifyInstance): void {
  for (const { path, current, schema } of retiredPaths) {
    app.all(path, { schema }, async (_request, reply) => sendIngestError(reply, 'INGEST_RETIRED_PATH', `${path} is retired; use ${current}`));
  }
}
