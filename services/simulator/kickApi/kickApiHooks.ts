/**
 * The parts of the Kick API simulator every route shares: a Bearer app token on the API routes
 * (401 otherwise, like Kick) and Kick-shaped error bodies (`{ message, data: null }`) for refused
 * parameters and for anything unexpected.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { KickApiState } from './kickApiState.ts';

/** Paths served without a token: the token endpoint itself and the public key. */
const OPEN_PATHS = new Set(['/oauth/token', '/public/v1/public-key']);

/** Registers the token check and the error handler on `app`. */
export function registerKickApiHooks(app: FastifyInstance, state: KickApiState, now: () => number): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? request.url;
    if (OPEN_PATHS.has(path) || !path.startsWith('/public/')) return undefined;
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || !state.tokenValid(token, now())) return reply.code(401).send({ message: 'Unauthorized', data: null });
    return undefined;
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return reply.code(status).send({ message: status === 500 ? 'Internal Server Error' : error.message, data: null });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ message: 'Not Found', data: null }));
}
