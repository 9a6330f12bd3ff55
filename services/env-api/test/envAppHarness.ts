/**
 * Test harness of the environment API: `buildEnvApp` on a real environment database (the test
 * file's clone, acting as `vf_env`), requests signed with the official `standardwebhooks` package,
 * envelopes built from the contract's message examples, and projector maps of the test's own
 * (the real projectors are other files' business; these tests must not depend on them).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { v7 as uuidv7 } from 'uuid';
import { eventCatalogue, type EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import type { Projector, ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { withPgClient } from '../../shared/testkit/pgClient.ts';
import { buildEnvApp, type EnvAppConfig } from '../app/buildEnvApp.ts';
import { createEnvApiMetrics, type EnvApiMetrics } from '../metrics/envApiMetrics.ts';
import { projectors as realProjectors } from '../projectors/index.ts';
import type { ProjectorTx } from '../projectors/projectorTx.ts';

/** Two `whsec_` secrets, as during a rotation (the old one first). */
export const OLD_SECRET = 'whsec_' + Buffer.from('the-old-internal-events-secret!!').toString('base64');
export const NEW_SECRET = 'whsec_' + Buffer.from('the-new-internal-events-secret!!').toString('base64');

/** `url` with `-c role=<role>` in its startup options: the pool acts as that product role. */
export function withRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.href;
}

/** A valid envelope of `type` carrying its first contract example; fields overridable. */
export function envelopeOf(type: EventType, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`the contract has no example of ${type}`);
  return {
    specversion: '1.0',
    id: uuidv7(),
    source: 'urn:verifluence:ingest',
    type,
    subject: 'test/subject',
    time: '2025-01-14T16:08:06Z',
    datacontenttype: 'application/json',
    dataschema: eventCatalogue[type].dataschema,
    data: structuredClone(example.payload),
    vfreceivedat: '2025-01-14T16:08:06.481Z',
    vfprovidermsgid: `test-${uuidv7()}`,
    vfrawid: uuidv7(),
    ...overrides,
  };
}

/** Options of {@link signedRequest}. */
export interface SignOptions {
  readonly secrets?: readonly string[];
  readonly at?: Date;
  readonly msgId?: string;
  readonly contentType?: string;
}

/** A POST of `body` to /internal/events, signed by the official package with each of `secrets`. */
export function signedRequest(body: string | Buffer, options: SignOptions = {}): InjectOptions {
  const at = options.at ?? new Date();
  const msgId = options.msgId ?? `batch-${uuidv7()}`;
  const signature = (options.secrets ?? [NEW_SECRET]).map((secret) => new Webhook(secret).sign(msgId, at, body)).join(' ');
  return {
    method: 'POST',
    url: '/internal/events',
    headers: {
      'content-type': options.contentType ?? 'application/cloudevents-batch+json',
      'webhook-id': msgId,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': signature,
    },
    payload: body,
  };
}

/** A signed batch of `envelopes`. */
export function signedBatch(envelopes: readonly unknown[], options: SignOptions = {}): InjectOptions {
  return signedRequest(JSON.stringify(envelopes), options);
}

/** The real map with `overrides`: tests override the types they send, so no real projector body runs. */
export function testProjectors(overrides: Partial<ProjectorMap<ProjectorTx>>): ProjectorMap<ProjectorTx> {
  return { ...realProjectors, ...overrides };
}

/** A projector any type can use. */
export type AnyTypeProjector = Projector<EventType, ProjectorTx>;

/** The table test projectors write to (created by {@link createTestWritesTable}). */
export const TEST_WRITES_TABLE = 'env_api_test_writes';

/** Creates the test projectors' table in the test database, writable by vf_env. */
export async function createTestWritesTable(url: string): Promise<void> {
  await withPgClient(url, async (client) => {
    await client.query(`CREATE TABLE ${TEST_WRITES_TABLE} (event_id uuid PRIMARY KEY, note text NOT NULL)`);
    await client.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${TEST_WRITES_TABLE} TO vf_env`);
  });
}

/** A running app and what the test inspects. */
export interface EnvHarness {
  readonly app: FastifyInstance;
  readonly pool: EnvPool;
  readonly metrics: EnvApiMetrics;
  close(): Promise<void>;
}

/** Options of {@link startEnvApp}. */
export interface EnvHarnessOptions {
  readonly projectors?: ProjectorMap<ProjectorTx>;
  readonly clickhouse?: ClickHouseClient | null;
  /** How `/readyz` names the ClickHouse given (default shared). */
  readonly clickhouseMode?: 'shared' | 'server';
  readonly secrets?: readonly string[];
  readonly now?: () => Date;
  readonly config?: Partial<EnvAppConfig>;
  /** A pool of the test's own (closed by the test); default a vf_env pool on `url`. */
  readonly pool?: EnvPool;
}

/** Builds the app on the database at `url` (a superuser URL; the pool acts as vf_env). */
export async function startEnvApp(url: string, options: EnvHarnessOptions = {}): Promise<EnvHarness> {
  const pool = options.pool ?? (await createEnvPool(withRole(url, 'vf_env'), { maximumPoolSize: 6 }));
  const metrics = createEnvApiMetrics();
  const app = buildEnvApp(
    { internalEventsSecrets: options.secrets ?? [OLD_SECRET, NEW_SECRET], ...options.config },
    {
      pool,
      projectors: options.projectors ?? testProjectors({}),
      clickhouse: options.clickhouse === undefined || options.clickhouse === null ? null : { client: options.clickhouse, mode: options.clickhouseMode ?? 'shared' },
      metrics,
      logger: silentLogger(),
      ...(options.now === undefined ? {} : { now: options.now }),
    },
  );
  await app.ready();
  return {
    app,
    pool,
    metrics,
    close: async () => {
      await app.close();
      if (options.pool === undefined) await pool.end();
    },
  };
}

/** The value of a counter for exactly these labels; 0 when never touched. */
export async function counterValue(metrics: EnvApiMetrics, name: 'events' | 'refusedRequests', labels: Readonly<Record<string, string>>): Promise<number> {
  const { values } = await metrics[name].get();
  const wanted = Object.entries(labels);
  const found = values.find((value) => wanted.every(([key, expected]) => Reflect.get(value.labels, key) === expected) && Object.keys(value.labels).length === wanted.length);
  return found?.value ?? 0;
}
