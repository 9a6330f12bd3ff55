/**
 * The ingest role's public app on a real PostgreSQL acceptor, for end-to-end webhook tests:
 * what `startIngestRole` (services/stack/ingest) assembles, minus the listeners and the worker. Requests are signed by a key
 * pair of the test's own (Kick publishes no test vector) and the contract's Sumsub secret.
 */
import type { FastifyInstance } from 'fastify';
import type { LightMyRequestResponse } from 'fastify';
import { eventCatalogue, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import { createPgAcceptor, type PgAcceptor } from '../accept/pgAcceptor.ts';
import { buildPublicApp } from '../app/buildPublicApp.ts';
import { EXAMPLE_SUMSUB_SECRET, kickSigner, type KickSigner } from '../app/test/publicAppHarness.ts';
import { createIngestMetrics } from '../metrics/ingestMetrics.ts';
import { createKickPublicKeyProvider } from '../verify/kickPublicKey.ts';

/** A running public app with its acceptor. */
export interface IngestStack {
  readonly app: FastifyInstance;
  readonly acceptor: PgAcceptor;
  readonly signer: KickSigner;
  close(): Promise<void>;
}

/** Builds the public app over `pool` with fan-out `targets`. */
export async function startIngestStack(pool: DmPool, targets: readonly string[]): Promise<IngestStack> {
  const signer = kickSigner();
  const logger = silentLogger();
  const kickKeys = createKickPublicKeyProvider({ configuredPem: signer.publicPem, fetchPem: () => Promise.reject(new Error('no fetch in tests')), logger });
  await kickKeys.init();
  const acceptor = createPgAcceptor(pool, { targets, logger });
  const app = buildPublicApp({ kickReplayWindowSeconds: 48 * 3600, sumsubWebhookSecrets: ['rotated-out-secret', EXAMPLE_SUMSUB_SECRET] }, { acceptor, kickKeys, metrics: createIngestMetrics(), logger });
  await app.ready();
  return {
    app,
    acceptor,
    signer,
    close: async () => {
      await app.close();
      await acceptor.close();
    },
  };
}

/** What a test may vary in a Kick delivery; everything else comes from the type's first example. */
export interface KickRequestOptions {
  readonly messageId?: string;
  readonly timestamp?: Date;
  readonly body?: string;
}

/** Headers and body of a Kick delivery of `type`, signed by `signer`. */
export function kickRequest(signer: KickSigner, type: EventType, options: KickRequestOptions = {}): { headers: Record<string, string>; payload: string } {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`no example of ${type}`);
  const payload = options.body ?? JSON.stringify(example.payload);
  const messageId = options.messageId ?? `01KTEST${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
  const timestamp = (options.timestamp ?? new Date()).toISOString();
  const entry = eventCatalogue[type];
  return {
    payload,
    headers: {
      'content-type': 'application/json',
      'kick-event-message-id': messageId,
      'kick-event-subscription-id': '01JSUBSCRIPTION000000000000',
      'kick-event-message-timestamp': timestamp,
      'kick-event-type': entry.providerName,
      'kick-event-version': entry.providerVersion ?? '1',
      'kick-event-signature': signer.sign(messageId, timestamp, Buffer.from(payload)),
    },
  };
}

/** POSTs a Kick delivery. */
export function postKick(stack: IngestStack, request: { headers: Record<string, string>; payload: string }): Promise<LightMyRequestResponse> {
  return stack.app.inject({ method: 'POST', url: '/webhooks/kick', headers: request.headers, payload: request.payload });
}
