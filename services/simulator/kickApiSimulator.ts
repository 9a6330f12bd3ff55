/**
 * The Kick API simulator: a fastify server speaking Kick's documented wire format
 * (contracts/openapi/kick-api.yaml) for what the ingest role calls, so the poller, the
 * subscription sync and `vf channels` work offline. It serves the auth server (`/oauth/token`)
 * and the API on one base URL: pass `baseUrl` as both `KICK_AUTH_BASE_URL` and `KICK_API_BASE_URL`.
 * Channels come from {@link simulatedChannels}, live state and viewers from the clock.
 */
import { fastify } from 'fastify';
import type { Channel, EventSubscription } from '../../generated/openapi/kick-api.schemas.ts';
import { serializerCompiler, validatorCompiler } from '../../generated/openapi/validatorCompiler.ts';
import { registerChannelRoutes } from './kickApi/channelRoutes.ts';
import { registerKickApiHooks } from './kickApi/kickApiHooks.ts';
import { createKickApiState } from './kickApi/kickApiState.ts';
import { kickChannelAt } from './kickApi/kickChannelAt.ts';
import { registerSubscriptionRoutes } from './kickApi/subscriptionRoutes.ts';
import { registerTokenRoute } from './kickApi/tokenRoute.ts';
import type { SimChannel } from './simulatedChannels.ts';

/** Options of {@link startKickApiSimulator}. */
export interface KickApiSimulatorOptions {
  readonly channels: readonly SimChannel[];
  /** The app credentials `POST /oauth/token` accepts. */
  readonly clientId: string;
  readonly clientSecret: string;
  /** What `GET /public/v1/public-key` answers (the simulator's signing key); that route is absent without it. */
  readonly publicKeyPem?: string;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Default 0: a free port. */
  readonly port?: number;
  /** Clock, epoch ms (default `Date.now`). */
  readonly now?: () => number;
}

/** A running simulator. */
export interface KickApiSimulator {
  /** `http://<host>:<port>`, both the auth and the API base URL. */
  readonly baseUrl: string;
  /** The channels as `GET /public/v1/channels` would answer them now. */
  channels(): Channel[];
  /** The app's event subscriptions now. */
  subscriptions(): EventSubscription[];
  stop(): Promise<void>;
}

/** Starts the simulator and resolves once it listens. */
export async function startKickApiSimulator(options: KickApiSimulatorOptions): Promise<KickApiSimulator> {
  const now = options.now ?? Date.now;
  const state = createKickApiState();
  const app = fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerKickApiHooks(app, state, now);
  registerTokenRoute(app, state, options, now);
  registerChannelRoutes(app, options.channels, options.publicKeyPem ?? null, now);
  registerSubscriptionRoutes(app, state, now);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ host, port: options.port ?? 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('Kick API simulator: the server has no TCP address');
  return {
    baseUrl: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    channels: () => options.channels.map((channel) => kickChannelAt(channel, now())),
    subscriptions: () => state.subscriptions.map((s) => ({ ...s })),
    stop: () => app.close(),
  };
}
