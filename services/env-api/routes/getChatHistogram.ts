/**
 * `GET /admin/chat-histogram` (operation `getChatHistogram`): a broadcaster's chat messages per
 * UTC hour or day over any range, half-open [from, to), from the ClickHouse hourly histogram.
 * 400 `ENVAPI_QUERY_INVALID` on a bad parameter; 503 `ENVAPI_CLICKHOUSE_UNAVAILABLE` when the role
 * has no ClickHouse or it does not answer.
 */
import type { FastifyInstance } from 'fastify';
import { getChatHistogramRouteSchema, type GetChatHistogramQuerystring } from '../../../generated/openapi/internal-events.schemas.ts';
import { coerceError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { EnvClickhouse } from '../app/envClickhouse.ts';
import { sendEnvApiError } from '../errors.ts';
import { histogramRange } from '../histogram/domain/histogramRange.ts';
import { readChatHistogram } from '../histogram/readChatHistogram.ts';

/** What the histogram route reads. */
export interface GetChatHistogramDeps {
  readonly clickhouse: EnvClickhouse | null;
  readonly logger: Logger;
}

/** Registers the route on `app`. */
export function getChatHistogram(app: FastifyInstance, deps: GetChatHistogramDeps): void {
  // attachValidation: a bad query string answers the contract's 400 body, not fastify's.
  app.get<{ Querystring: GetChatHistogramQuerystring }>('/admin/chat-histogram', { schema: getChatHistogramRouteSchema, attachValidation: true }, async (request, reply) => {
    if (request.validationError !== undefined) {
      return sendEnvApiError(reply, 'ENVAPI_QUERY_INVALID', `query string ${request.validationError.message}`);
    }
    const query = request.query;
    const range = histogramRange(query.from, query.to, query.bucket ?? 'hour');
    if (range.kind === 'invalid') return sendEnvApiError(reply, 'ENVAPI_QUERY_INVALID', range.message);
    if (deps.clickhouse === null) {
      return sendEnvApiError(reply, 'ENVAPI_CLICKHOUSE_UNAVAILABLE', 'this environment role has no ClickHouse (set CLICKHOUSE_URL, or run it inside npm start)');
    }
    try {
      return await readChatHistogram(deps.clickhouse.client, query.broadcaster_user_id, range);
    } catch (e: unknown) {
      const error = coerceError(e);
      deps.logger.error({ err: error }, 'the chat histogram could not be read from ClickHouse');
      return sendEnvApiError(reply, 'ENVAPI_CLICKHOUSE_UNAVAILABLE', `ClickHouse did not answer: ${error.message}`);
    }
  });
}
