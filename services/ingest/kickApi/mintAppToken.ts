/**
 * `POST {KICK_AUTH_BASE_URL}/oauth/token` with client credentials, form-encoded
 * (providers.md §1.7): the app access token the API calls carry as a Bearer token.
 */
import { validateCreateAppAccessTokenResponse200 } from '../../../generated/openapi/kick-api.validators.cjs';
import type { MintedToken } from './appTokenCache.ts';
import { KickApiError } from './kickApi.ts';
import { expectSuccessStatus, expectValidBody, sendKickRequest, type KickHttpContext } from './kickHttp.ts';

const endpoint = 'POST /oauth/token';

/** Joins a base URL and a path; unlike `new URL(path, base)` it keeps a path prefix of the base. */
export function joinUrl(base: string, path: string, query?: URLSearchParams): string {
  const search = query === undefined || query.size === 0 ? '' : `?${query.toString()}`;
  return `${base.replace(/\/+$/, '')}${path}${search}`;
}

/** Mints a new app access token; a refused credential is `KICK_API_UNAUTHORIZED`. */
export async function mintAppToken(context: KickHttpContext, credentials: { authBaseUrl: string; clientId: string; clientSecret: string }): Promise<MintedToken> {
  const startedAt = performance.now();
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: credentials.clientId, client_secret: credentials.clientSecret });
  const response = await sendKickRequest(
    context,
    {
      endpoint,
      method: 'POST',
      url: joinUrl(credentials.authBaseUrl, '/oauth/token'),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    },
    startedAt,
  );
  if (response.status === 400 || response.status === 401 || response.status === 403) {
    // Kick documents 400 `{"error":"Invalid request"}` for refused credentials; 401/403 mean the same here.
    throw new KickApiError('KICK_API_UNAUTHORIZED', `${endpoint}: Kick refused the client credentials (${response.status}); check KICK_CLIENT_ID and KICK_CLIENT_SECRET`, {
      httpStatus: response.status,
      latencyMs: Math.round(performance.now() - startedAt),
      endpoint,
    });
  }
  expectSuccessStatus(context, endpoint, response, startedAt);
  const body = expectValidBody(endpoint, response, startedAt, validateCreateAppAccessTokenResponse200);
  return { accessToken: body.access_token, expiresInSeconds: body.expires_in };
}
