import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateListQuarantineResponse200 as validatePage } from '../../../generated/openapi/ingest.validators.cjs';
import type { DmPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { listQuarantine } from './listQuarantine.ts';
import { replayQuarantine } from './replayQuarantine.ts';
import { createIngestPool, seedQuarantine } from './test/quarantineSeeds.ts';

describe('listQuarantine against real PostgreSQL', () => {
  const db = useTestDatabase('dm');
  let pool: DmPool;
  let ids: string[] = [];
  beforeAll(async () => {
    pool = await createIngestPool(db.current.url);
    ids = await seedQuarantine(pool, [
      { kind: 'window', nonce: 'list-1' },
      { kind: 'invalidPayload', nonce: 'list-2' },
      { kind: 'sumsubNotJson', nonce: 'list-3' },
      { kind: 'unknownVersion', nonce: 'list-4' },
      { kind: 'window', type: 'kick.channel.followed.v1', nonce: 'list-5' },
    ]);
  });
  afterAll(async () => {
    await pool.end();
  });

  it('pages newest first with an opaque cursor, each page valid against the contract', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await listQuarantine(pool, { limit: 2, ...(cursor === undefined ? {} : { cursor }) });
      expect(validatePage(page)).toBe(true);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages += 1;
    } while (cursor !== undefined);
    expect(pages).toBe(3);
    expect(seen).toEqual([...ids].reverse());
  });

  it('reads each entry as the contract names it', async () => {
    const { items } = await listQuarantine(pool, {});
    const byId = new Map(items.map((e) => [e.id, e]));
    expect(byId.get(ids[0] ?? '')).toMatchObject({
      provider: 'kick',
      eventType: 'chat.message.sent/1',
      reason: 'INGEST_TIMESTAMP_OUTSIDE_WINDOW',
      status: 'quarantined',
      providerMessageId: 'seed-list-1',
      errors: [],
      releasedAt: null,
      envelopeId: null,
    });
    expect(byId.get(ids[2] ?? '')).toMatchObject({ provider: 'sumsub', eventType: null, reason: 'INGEST_BODY_NOT_JSON', providerMessageId: null });
    expect(byId.get(ids[3] ?? '')).toMatchObject({ eventType: 'chat.message.sent/9' });
  });

  it('filters by reason and provider', async () => {
    expect((await listQuarantine(pool, { provider: 'sumsub' })).items.map((e) => e.id)).toEqual([ids[2]]);
    expect((await listQuarantine(pool, { reason: 'INGEST_BODY_NOT_JSON', provider: 'kick' })).items).toEqual([]);
  });

  it('lists released entries only when asked, with their envelope ids', async () => {
    const replayed = await replayQuarantine({ pool, targets: [] }, { ids: [ids[4] ?? ''] });
    const released = await listQuarantine(pool, { status: 'released' });
    expect(released.items).toEqual([
      expect.objectContaining({ id: ids[4], status: 'released', envelopeId: replayed.results[0]?.envelopeId, releasedAt: expect.any(String) }),
    ]);
    expect(validatePage(released)).toBe(true);
    expect((await listQuarantine(pool, {})).items.map((e) => e.id)).not.toContain(ids[4]);
  });

  it.each([['garbage!'], ['bm90IGEgY3Vyc29y'], [Buffer.from('q1:-5').toString('base64url')]])('refuses the cursor %s with INGEST_QUERY_INVALID', async (cursor) => {
    await expect(listQuarantine(pool, { cursor })).rejects.toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });

  it('refuses a page size outside 1..500', async () => {
    await expect(listQuarantine(pool, { limit: 501 })).rejects.toMatchObject({ code: 'INGEST_QUERY_INVALID' });
  });
});
