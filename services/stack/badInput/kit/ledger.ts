/**
 * What the databases hold, read as the superuser over one connection per database (a connection
 * per question would cost more than the requests under test): the ingest inbox, outbox and
 * quarantine, and the environment's processed_events.
 */
import pg from 'pg';

/** Row counts of the ingest tables. */
export interface IngestTotals {
  readonly inbox: number;
  readonly quarantined: number;
  readonly outbox: number;
  readonly quarantine: number;
}

/** Every id the ingest tables hold. */
export interface IngestIds {
  /** Envelope ids of accepted inbox rows. */
  readonly inboxEnvelopes: readonly string[];
  /** Raw event ids of quarantined inbox rows. */
  readonly inboxQuarantined: readonly string[];
  readonly outboxEnvelopes: readonly string[];
}

/** Read access to both databases. */
export interface Ledger {
  ingestTotals(): Promise<IngestTotals>;
  ingestIds(): Promise<IngestIds>;
  /** The inbox row an answer named (accepted: envelope id; quarantined: raw event id). */
  inboxRow(id: string): Promise<{ status: string; rawBody: Buffer | null; reason: string | null } | undefined>;
  /** The outbox envelope of `envelopeId`. */
  outboxEnvelope(envelopeId: string): Promise<Record<string, unknown> | undefined>;
  processedCount(): Promise<number>;
  processedIds(): Promise<readonly string[]>;
  /** A row of the environment's read model, for checking what a projector stored. */
  envRow(sqlText: string, values: readonly unknown[]): Promise<Record<string, unknown> | undefined>;
  close(): Promise<void>;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Opens the ledger on the dm database at `dmUrl` and the environment database at `envUrl`. */
export async function openLedger(dmUrl: string, envUrl: string): Promise<Ledger> {
  const dm = await connect(dmUrl);
  const env = await connect(envUrl);
  const ids = async (client: pg.Client, text: string): Promise<string[]> => (await client.query<{ id: string }>(text)).rows.map((r) => r.id);
  return {
    ingestTotals: async () => {
      const { rows } = await dm.query<IngestTotals>(`SELECT
        (SELECT count(*)::int FROM ingest.inbox) AS inbox,
        (SELECT count(*)::int FROM ingest.inbox WHERE status = 'quarantined') AS quarantined,
        (SELECT count(*)::int FROM ingest.outbox) AS outbox,
        (SELECT count(*)::int FROM ingest.quarantine) AS quarantine`);
      const [totals] = rows;
      if (totals === undefined) throw new Error('no totals');
      return totals;
    },
    ingestIds: async () => ({
      inboxEnvelopes: await ids(dm, `SELECT envelope_id::text AS id FROM ingest.inbox WHERE status = 'accepted'`),
      inboxQuarantined: await ids(dm, `SELECT raw_event_id::text AS id FROM ingest.inbox WHERE status = 'quarantined'`),
      outboxEnvelopes: await ids(dm, 'SELECT envelope_id::text AS id FROM ingest.outbox'),
    }),
    inboxRow: async (id) => {
      const { rows } = await dm.query<{ status: string; raw_body: Buffer | null; reason: string | null }>(
        `SELECT i.status, i.raw_body, q.reason FROM ingest.inbox i LEFT JOIN ingest.quarantine q ON q.inbox_id = i.id
         WHERE i.envelope_id::text = $1 OR i.raw_event_id::text = $1`,
        [id],
      );
      const [row] = rows;
      return row === undefined ? undefined : { status: row.status, rawBody: row.raw_body, reason: row.reason };
    },
    outboxEnvelope: async (envelopeId) => (await dm.query<{ envelope: Record<string, unknown> }>('SELECT envelope FROM ingest.outbox WHERE envelope_id::text = $1', [envelopeId])).rows[0]?.envelope,
    processedCount: async () => (await env.query<{ n: number }>('SELECT count(*)::int AS n FROM processed_events')).rows[0]?.n ?? -1,
    processedIds: () => ids(env, 'SELECT event_id::text AS id FROM processed_events'),
    envRow: async (sqlText, values) => (await env.query<Record<string, unknown>>(sqlText, [...values])).rows[0],
    close: async () => {
      await dm.end();
      await env.end();
    },
  };
}
