/**
 * Quarantined deliveries for the quarantine tests, made the way production makes them: a request
 * built from the contract's examples, run through the receivers' classifiers (replay window on)
 * and stored by the real acceptor.
 */
import { sql } from 'slonik';
import type { EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import { createDmPool, type DmPool } from '../../../shared/pg/pools.ts';
import type { Delivery } from '../../accept/delivery.ts';
import { createPgAcceptor } from '../../accept/pgAcceptor.ts';
import { classifyKick } from '../../classify/classifyKick.ts';
import { classifySumsub } from '../../classify/classifySumsub.ts';

/** What to quarantine. `window`: a valid Kick event whose timestamp (the example's, from 2025) is far outside the replay window. */
export type Seed =
  | { readonly kind: 'window'; readonly type?: EventType; readonly nonce: string }
  | { readonly kind: 'unknownVersion'; readonly nonce: string }
  | { readonly kind: 'invalidPayload'; readonly nonce: string }
  | { readonly kind: 'sumsubNotJson'; readonly nonce: string };

const replayWindow = { replayWindowSeconds: 48 * 3600, checkReplayWindow: true };

function kickRequest(type: EventType, nonce: string, edit: (payload: Record<string, unknown>, headers: Record<string, string>) => void = () => undefined): Delivery {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`no example for ${type}`);
  const payload: Record<string, unknown> = { ...(example.payload as unknown as Record<string, unknown>), vf_test_nonce: nonce };
  const headers: Record<string, string> = { ...example.headers, 'kick-event-message-id': `seed-${nonce}` };
  edit(payload, headers);
  return classifyKick({ rawBody: Buffer.from(JSON.stringify(payload)), headers, receivedAt: new Date() }, replayWindow);
}

/** The delivery a seed describes, as the receiver would classify it (always `quarantine`). */
export function seedDelivery(seed: Seed): Delivery {
  switch (seed.kind) {
    case 'window':
      return kickRequest(seed.type ?? 'kick.chat.message.sent.v1', seed.nonce);
    case 'unknownVersion':
      return kickRequest('kick.chat.message.sent.v1', seed.nonce, (_p, h) => {
        h['kick-event-version'] = '9';
      });
    case 'invalidPayload':
      return kickRequest('kick.chat.message.sent.v1', seed.nonce, (p) => {
        delete p.broadcaster;
      });
    case 'sumsubNotJson':
      return classifySumsub({ rawBody: Buffer.from(`not json ${seed.nonce}`), headers: { 'x-payload-digest': 'ab'.repeat(32) }, receivedAt: new Date() });
  }
}

/** A dm pool acting as vf_ingest (the role the ingest tier runs as), set in the startup packet. */
export async function createIngestPool(url: string): Promise<DmPool> {
  const u = new URL(url);
  u.searchParams.set('options', '-c role=vf_ingest');
  return createDmPool(u.href, { maximumPoolSize: 4 });
}

/** Stores the seeds through the real acceptor, in order, and returns their raw event ids. */
export async function seedQuarantine(pool: DmPool, seeds: readonly Seed[]): Promise<string[]> {
  const acceptor = createPgAcceptor(pool, { targets: [] });
  try {
    const ids: string[] = [];
    for (const seed of seeds) {
      const result = await acceptor.accept(seedDelivery(seed));
      if (result.kind !== 'quarantined') throw new Error(`seed ${seed.kind} was ${result.kind}, not quarantined`);
      ids.push(result.rawEventId);
    }
    return ids;
  } finally {
    await acceptor.close();
  }
}

/** What the raw sink does once ClickHouse has a row: the inbox forgets the bytes. */
export async function markSunk(pool: DmPool, rawEventId: string): Promise<void> {
  await pool.query(sql.unsafe`UPDATE ingest.inbox SET sunk_at = now(), raw_body = NULL, raw_headers = NULL WHERE raw_event_id = ${rawEventId}`);
}
