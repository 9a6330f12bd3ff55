/**
 * A fake Kick API for tests: a real fastify server on 127.0.0.1 (a free port) speaking Kick's
 * documented wire format, serving the auth server (`/oauth/token`) and the API on one base URL,
 * so pass `baseUrl` as both `KICK_AUTH_BASE_URL` and `KICK_API_BASE_URL`. State is in memory;
 * the controls below set it up and the request log shows what a client did.
 */
import { fastify } from 'fastify';
import type { Channel, EventSubscription } from '../../../../generated/openapi/kick-api.schemas.ts';
import { serializerCompiler, validatorCompiler } from '../../../../generated/openapi/validatorCompiler.ts';
import { registerFakeChannelRoutes, registerFakeKickHooks, registerFakeSubscriptionRoutes, registerFakeTokenRoute } from './fakeKickApiRoutes.ts';
import { KICK_DOCUMENTED_PUBLIC_KEY_PEM } from '../../verify/kickDocumentedKey.ts';
import { createFakeKickState, type FakeKickFailure, type FakeKickRequest } from './fakeKickState.ts';

export type { FakeKickFailure, FakeKickRequest } from './fakeKickState.ts';

/** Kick's documented webhook public key (providers.md §1.3), the default `public-key` answer. */
const documentedKickPublicKey = KICK_DOCUMENTED_PUBLIC_KEY_PEM;

/** Options of {@link startFakeKickApi}. */
export interface FakeKickApiOptions {
  /** Default `fake-client-id`. */
  clientId?: string;
  /** Default `fake-client-secret`. */
  clientSecret?: string;
  /** `expires_in` of issued tokens, seconds (default 3600); tokens also stop working after it. */
  expiresInSeconds?: number;
  channels?: readonly Channel[];
  /** What `GET /public/v1/public-key` answers; default Kick's documented key. */
  publicKeyPem?: string;
}

/** A running fake; close it in `afterAll`. */
export interface FakeKickApi {
  /** `http://127.0.0.1:<port>`: both the auth and the API base URL. */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Every request received, oldest first. */
  readonly requests: readonly FakeKickRequest[];
  /** Replaces the channels `GET /public/v1/channels` knows. */
  setChannels(channels: readonly Channel[]): void;
  setExpiresInSeconds(seconds: number): void;
  setPublicKey(pem: string): void;
  /** Every token issued so far stops working: the next API call gets a 401. */
  expireTokens(): void;
  /** The next request to `path` (e.g. `/public/v1/channels`) gets this answer instead; queued per path. */
  failNext(path: string, failure: FakeKickFailure): void;
  /** Adds a subscription as if created earlier (`createdAt` ISO, default now). */
  addSubscription(subscription: { broadcasterUserId: number; event: string; version?: number; createdAt?: string }): EventSubscription;
  /** The subscriptions Kick holds now. */
  subscriptions(): EventSubscription[];
  clearRequests(): void;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeKickApi(options: FakeKickApiOptions = {}): Promise<FakeKickApi> {
  const state = createFakeKickState({ expiresInSeconds: options.expiresInSeconds ?? 3600, publicKeyPem: options.publicKeyPem ?? documentedKickPublicKey });
  const credentials = { clientId: options.clientId ?? 'fake-client-id', clientSecret: options.clientSecret ?? 'fake-client-secret' };
  const app = fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerFakeKickHooks(app, state);
  registerFakeTokenRoute(app, state, credentials);
  registerFakeChannelRoutes(app, state);
  registerFakeSubscriptionRoutes(app, state);
  const setChannels = (channels: readonly Channel[]): void => {
    state.channels.clear();
    for (const channel of channels) state.channels.set(channel.broadcaster_user_id, channel);
  };
  setChannels(options.channels ?? []);
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('fake Kick API: no TCP address');

  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    ...credentials,
    requests: state.requests,
    setChannels,
    setExpiresInSeconds: (seconds) => {
      state.expiresInSeconds = seconds;
    },
    setPublicKey: (pem) => {
      state.publicKeyPem = pem;
    },
    expireTokens: () => state.tokens.clear(),
    failNext: (path, failure) => {
      const queue = state.failures.get(path) ?? [];
      queue.push(failure);
      state.failures.set(path, queue);
    },
    addSubscription: ({ broadcasterUserId, event, version = 1, createdAt = new Date().toISOString() }) => {
      const subscription = { id: state.nextId(), app_id: state.appId, broadcaster_user_id: broadcasterUserId, event, method: 'webhook', version, created_at: createdAt, updated_at: createdAt };
      state.subscriptions.push(subscription);
      return { ...subscription };
    },
    subscriptions: () => state.subscriptions.map((s) => ({ ...s })),
    clearRequests: () => {
      state.requests.length = 0;
    },
    close: () => app.close(),
  };
}
