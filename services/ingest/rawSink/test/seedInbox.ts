/**
 * Test helpers: inbox rows (with their outbox envelope or quarantine entry) written with SQL, as
 * the accept path would leave them, and a URL that acts as a product role.
 */
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { withPgClient } from '../../../shared/testkit/pgClient.ts';

/** One delivery to put in the inbox. */
export interface SeedDelivery {
  source: 'kick' | 'sumsub' | 'kick_probe';
  body: Buffer | string;
  headers: Record<string, string>;
  providerMessageId?: string | null;
  eventType?: string | null;
  eventVersion?: string | null;
  receivedAt?: Date;
  /** Accepted: an outbox envelope with this type, subject and time. */
  accepted?: { type: string; subject: string; time: Date };
  /** Quarantined: a quarantine row with this reason. */
  quarantined?: { reason: string };
}

/** What a seeded row got. */
export interface SeededRow {
  inboxId: string;
  rawEventId: string;
  envelopeId: string | null;
  body: Buffer;
}

/** Inserts the deliveries (superuser connection, one transaction per call). */
export async function seedInbox(url: string, deliveries: readonly SeedDelivery[]): Promise<SeededRow[]> {
  return withPgClient(url, async (client) => {
    const seeded: SeededRow[] = [];
    for (const d of deliveries) {
      const body = typeof d.body === 'string' ? Buffer.from(d.body, 'utf8') : d.body;
      const rawEventId = uuidv7();
      const envelopeId = d.accepted === undefined ? null : uuidv7();
      const status = d.accepted === undefined ? 'quarantined' : 'accepted';
      const { rows } = await client.query<{ id: string }>(
        `INSERT INTO ingest.inbox (source, status, provider_message_id, event_type, event_version, body_sha256, raw_body, raw_headers, raw_event_id, envelope_id, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id::text AS id`,
        [
          d.source,
          status,
          d.providerMessageId ?? null,
          d.eventType ?? null,
          d.eventVersion ?? null,
          createHash('sha256').update(body).digest(),
          body,
          JSON.stringify(d.headers),
          rawEventId,
          envelopeId,
          d.receivedAt ?? new Date(),
        ],
      );
      const inboxId = rows[0]?.id ?? '';
      if (d.accepted !== undefined) {
        const envelope = { id: envelopeId, type: d.accepted.type, subject: d.accepted.subject, time: d.accepted.time.toISOString(), vfrawid: rawEventId };
        await client.query('INSERT INTO ingest.outbox (envelope_id, type, subject, time, envelope, inbox_id) VALUES ($1, $2, $3, $4, $5, $6)', [
          envelopeId,
          d.accepted.type,
          d.accepted.subject,
          d.accepted.time,
          JSON.stringify(envelope),
          inboxId,
        ]);
      }
      if (d.quarantined !== undefined) {
        await client.query('INSERT INTO ingest.quarantine (inbox_id, reason, validation_errors) VALUES ($1, $2, $3)', [inboxId, d.quarantined.reason, '[]']);
      }
      seeded.push({ inboxId, rawEventId, envelopeId, body });
    }
    return seeded;
  });
}

/** The inbox state of some rows, by raw event id. */
export async function inboxState(url: string, rawEventIds: readonly string[]): Promise<{ rawEventId: string; sunk: boolean; hasBody: boolean; hasHeaders: boolean }[]> {
  return withPgClient(url, async (client) => {
    const { rows } = await client.query<{ raw_event_id: string; sunk: boolean; has_body: boolean; has_headers: boolean }>(
      `SELECT raw_event_id::text, sunk_at IS NOT NULL AS sunk, raw_body IS NOT NULL AS has_body, raw_headers IS NOT NULL AS has_headers
       FROM ingest.inbox WHERE raw_event_id = ANY($1::uuid[]) ORDER BY id`,
      [rawEventIds],
    );
    return rows.map((r) => ({ rawEventId: r.raw_event_id, sunk: r.sunk, hasBody: r.has_body, hasHeaders: r.has_headers }));
  });
}

/** `url` with a startup option that makes every connection act as `role` (e.g. vf_ingest). */
export function urlAsRole(url: string, role: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c role=${role}`);
  return u.href;
}
