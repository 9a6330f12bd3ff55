/**
 * `POST /oauth/token` (operation `createAppAccessToken`): client credentials, form-encoded, as on
 * Kick's auth server (providers.md §1.7). Wrong credentials or another grant answer 400
 * `{"error":"Invalid request"}`, as Kick documents.
 */
import type { FastifyInstance } from 'fastify';
import { createAppAccessTokenRouteSchema } from '../../../generated/openapi/kick-api.schemas.ts';
import { TOKEN_LIFETIME_SECONDS, type KickApiState } from './kickApiState.ts';

/** The app credentials the simulator accepts. */
export interface KickAppCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** Registers the route (and the form body parser it needs) on `app`. */
export function registerTokenRoute(app: FastifyInstance, state: KickApiState, credentials: KickAppCredentials, now: () => number): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, new URLSearchParams(typeof body === 'string' ? body : body.toString('utf8')));
  });
  app.post('/oauth/token', { schema: createAppAccessTokenRouteSchema }, async (request, reply) => {
    const form = request.body instanceof URLSearchParams ? request.body : new URLSearchParams();
    const valid = form.get('grant_type') === 'client_credentials' && form.get('client_id') === credentials.clientId && form.get('client_secret') === credentials.clientSecret;
    if (!valid) return reply.code(400).send({ error: 'Invalid request' });
    return { access_token: state.issueToken(now()), token_type: 'Bearer', expires_in: TOKEN_LIFETIME_SECONDS };
  });
}
