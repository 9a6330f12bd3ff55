/**
 * Test harness of the public app: `buildPublicApp` with literal config, a Kick key pair made in
 * the test, and a recording acceptor (the Acceptor interface, recording what it is given and
 * answering what the test chooses). No database: these tests cover the HTTP rules of DESIGN §5;
 * the end-to-end tests use the real PostgreSQL acceptor.
 */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import { coerceError } from '../../../shared/errors.ts';
import { silentLogger } from '../../../shared/logging/createLogger.ts';
import type { AcceptResult, Acceptor, Delivery } from '../../accept/delivery.ts';
import { createIngestMetrics, type IngestMetrics } from '../../metrics/ingestMetrics.ts';
import { createKickPublicKeyProvider, type KickPublicKeyProvider } from '../../verify/kickPublicKey.ts';
import { buildPublicApp } from '../buildPublicApp.ts';

/** The Sumsub secret the contract's example digests were made with. */
export const EXAMPLE_SUMSUB_SECRET = 'example-sumsub-webhook-secret';

/** An Acceptor that records deliveries and answers with `answer` (default: accepted/quarantined as classified). */
export interface RecordingAcceptor extends Acceptor {
  readonly deliveries: Delivery[];
  answer: (delivery: Delivery) => AcceptResult;
}

/** The answer a fresh store would give: valid → accepted, quarantine → quarantined. */
export function firstSeen(delivery: Delivery): AcceptResult {
  return delivery.kind === 'valid'
    ? { kind: 'accepted', envelopeId: uuidv7(), rawEventId: uuidv7() }
    : { kind: 'quarantined', rawEventId: uuidv7(), reason: delivery.reason };
}

/** A fresh recording acceptor answering {@link firstSeen}; set `answer` to choose another result (or throw). */
export function recordingAcceptor(): RecordingAcceptor {
  const acceptor: RecordingAcceptor = {
    deliveries: [],
    answer: firstSeen,
    accept(delivery) {
      acceptor.deliveries.push(delivery);
      try {
        return Promise.resolve(acceptor.answer(delivery));
      } catch (e: unknown) {
        return Promise.reject(coerceError(e));
      }
    },
  };
  return acceptor;
}

/** A Kick signing key pair of the test's own (Kick publishes no test vector). */
export interface KickSigner {
  readonly publicKey: KeyObject;
  readonly publicPem: string;
  sign(messageId: string, timestamp: string, body: Buffer): string;
}

/** A new RSA-2048 key pair signing the way Kick does. */
export function kickSigner(): KickSigner {
  const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    publicKey: pair.publicKey,
    publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    sign: (messageId, timestamp, body) => sign('sha256', Buffer.concat([Buffer.from(`${messageId}.${timestamp}.`), body]), pair.privateKey).toString('base64'),
  };
}

/** Options of {@link startPublicApp}. */
export interface HarnessOptions {
  /** Default: a configured key of a fresh signer. */
  readonly kickKeys?: KickPublicKeyProvider;
  readonly signer?: KickSigner;
  readonly sumsubSecrets?: readonly string[];
  readonly now?: () => Date;
  readonly kickReplayWindowSeconds?: number;
}

/** A built, ready public app and what the test inspects. */
export interface Harness {
  readonly app: FastifyInstance;
  readonly acceptor: RecordingAcceptor;
  readonly metrics: IngestMetrics;
  readonly signer: KickSigner;
}

/** Builds the app (keys initialised, app ready). Close `app` after the test. */
export async function startPublicApp(options: HarnessOptions = {}): Promise<Harness> {
  const signer = options.signer ?? kickSigner();
  const kickKeys = options.kickKeys ?? createKickPublicKeyProvider({ configuredPem: signer.publicPem, fetchPem: () => Promise.reject(new Error('no fetch in tests')), logger: silentLogger() });
  await kickKeys.init();
  const acceptor = recordingAcceptor();
  const metrics = createIngestMetrics();
  const app = buildPublicApp(
    { kickReplayWindowSeconds: options.kickReplayWindowSeconds ?? 48 * 3600, sumsubWebhookSecrets: options.sumsubSecrets ?? [EXAMPLE_SUMSUB_SECRET] },
    { acceptor, kickKeys, metrics, logger: silentLogger(), ...(options.now === undefined ? {} : { now: options.now }) },
  );
  await app.ready();
  return { app, acceptor, metrics, signer };
}

/** The value of a counter (or a histogram's `_count`) for exactly these labels; 0 when never touched. */
export async function metricValue(metrics: IngestMetrics, name: 'webhooks' | 'signatureFailures' | 'ackSeconds', labels: Readonly<Record<string, string>>): Promise<number> {
  const { values } = await metrics[name].get();
  const wanted = Object.entries(labels);
  const found = values.find(
    (value) =>
      (name !== 'ackSeconds' || ('metricName' in value && value.metricName === 'vf_ingest_ack_seconds_count')) &&
      wanted.every(([key, expected]) => Reflect.get(value.labels, key) === expected) &&
      Object.keys(value.labels).filter((key) => key !== 'le').length === wanted.length,
  );
  return found?.value ?? 0;
}
