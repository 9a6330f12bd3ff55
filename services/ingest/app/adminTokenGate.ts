/**
 * `ADMIN_TOKEN` on the admin listener: when the role has one, every admin action (a POST that
 * changes state: quarantine replay, delivery retry) needs `Authorization: Bearer <ADMIN_TOKEN>`
 * (contract security scheme `adminToken`). No header is 401 `INGEST_ADMIN_TOKEN_MISSING`, another
 * token 403 `INGEST_ADMIN_TOKEN_INVALID`, and nothing runs. Reads stay open, the read-only
 * ClickHouse bridge (a POST for its body) included: the listener is cluster-internal, and the
 * token guards against changes, not against looking.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { sendIngestError } from '../errors.ts';

/** POST routes that only read. */
const READ_ONLY_POSTS: ReadonlySet<string> = new Set(['/admin/clickhouse/query']);

/** True for a request to a route that changes state. */
export function isAdminAction(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  // An unknown route is left to the 404 handler.
  if (route === undefined) return false;
  return !['GET', 'HEAD', 'OPTIONS'].includes(request.method) && !READ_ONLY_POSTS.has(route);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/** The token of an `Authorization: Bearer <token>` header, else null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** An `onRequest` hook that refuses admin actions without `token`. */
export function adminTokenGate(token: string): onRequestAsyncHookHandler {
  // Compared as digests: equal lengths for timingSafeEqual, and no early exit on the first byte.
  const expected = digest(token);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (!isAdminAction(request)) return;
    const given = bearerToken(request.headers.authorization);
    if (given === null) {
      reply.header('www-authenticate', 'Bearer realm="vf-admin"');
      return sendIngestError(reply, 'INGEST_ADMIN_TOKEN_MISSING', 'this action needs the admin token (ADMIN_TOKEN): send Authorization: Bearer <token>');
    }
    if (!timingSafeEqual(digest(given), expected)) return sendIngestError(reply, 'INGEST_ADMIN_TOKEN_INVALID', 'the admin token does not match ADMIN_TOKEN');
  };
}
