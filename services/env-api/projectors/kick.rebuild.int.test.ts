/**
 * The rebuild and re-apply checks over the Kick projectors: a mixed stream of every Kick type
 * (with out-of-order versions of the same keys) gives the same rows when the tables are truncated
 * and the stream replayed in shuffled orders, and applying any envelope again changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventType } from '../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../generated/asyncapi/examples.ts';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { PROJECTION_TABLES } from '../test/readModelTables.ts';
import { envelopeFor, expectReapplyChangesNothing, expectRebuildGivesSameRows, type SomeEnvelope } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url, { maximumPoolSize: 2 });
});
afterAll(async () => {
  await pool.end();
});

const KICK_TABLES = PROJECTION_TABLES.filter((table) => table.startsWith('kick_'));

const KICK_TYPES = Object.keys(eventExamples).filter((type): type is EventType => type.startsWith('kick.'));

/** Every example of every Kick type, plus versions that compete for the same rows. */
function mixedStream(): SomeEnvelope[] {
  const other = { broadcaster: { user_id: 555 } };
  return [
    ...KICK_TYPES.flatMap((type) => eventExamples[type].map((example) => envelopeFor(type, { example: example.name }))),
    envelopeFor('kick.chat.message.sent.v1', { data: { content: 'a later version' }, time: '2025-01-14T16:09:00Z' }),
    envelopeFor('kick.chat.message.sent.v1', { data: { broadcaster: { user_id: 555 }, message_id: 'm-555' } }),
    envelopeFor('kick.channel.followed.v1', { time: '2025-02-01T00:00:00Z' }),
    envelopeFor('kick.channel.followed.v1', { data: { ...other, follower: { user_id: 1 } } }),
    envelopeFor('kick.channel.subscription.renewal.v1', { time: '2025-02-14T16:08:06Z', data: { expires_at: '2025-03-14T16:08:06Z' } }),
    envelopeFor('kick.channel.subscription.new.v1', { time: '2025-03-03T00:00:00Z', data: { subscriber: { user_id: 561654655 }, expires_at: '2025-04-01T00:00:00Z' } }),
    envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'pending' }, time: '2025-12-02T22:50:00Z' }),
    envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'accepted', id: 'r2' }, time: '2025-12-02T23:00:00Z' }),
    envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'pending', id: 'r2' }, time: '2025-12-02T22:59:00Z' }),
    envelopeFor('kick.livestream.metadata.updated.v1', { time: '2025-01-01T05:00:00Z', data: { metadata: { title: 'After the stream' } } }),
    envelopeFor('kick.livestream.status.updated.v1', { data: other, time: '2025-01-03T00:00:00Z', receivedAt: '2025-01-03T00:00:01Z' }),
    envelopeFor('kick.livestream.status.updated.v1', { example: 'ended', data: other, time: '2025-01-03T00:00:00Z', receivedAt: '2025-01-03T00:00:02Z' }),
    envelopeFor('kick.moderation.banned.v1', { data: { ...other, metadata: { created_at: '2025-01-20T00:00:00Z' } } }),
    envelopeFor('kick.kicks.gifted.v1', { time: '2025-10-20T05:00:00Z', data: { gift: { amount: 100 } } }),
    envelopeFor('kick.viewer_probe.v1', { data: { viewer_count: 1700 }, receivedAt: '2025-01-14T16:08:30Z' }),
  ];
}

describe('rebuilding the Kick projections', () => {
  it('truncate + replay of a mixed stream in shuffled orders gives the same rows in every Kick table', async () => {
    const snapshot = await expectRebuildGivesSameRows(pool, { tables: KICK_TABLES, envelopes: mixedStream(), seeds: [1, 2, 3, 4, 5, 6] });
    for (const table of KICK_TABLES) expect(snapshot[table], table).not.toEqual([]);
    expect(snapshot['kick_livestreams']?.find((row) => row['broadcaster_user_id'] === 555)).toMatchObject({ is_live: false });
    expect(snapshot['kick_reward_redemptions']?.find((row) => row['redemption_id'] === 'r2')).toMatchObject({ status: 'accepted' });
  });

  it('replaying the stream again after a processed_events purge changes nothing', async () => {
    await expectReapplyChangesNothing(pool, KICK_TABLES, mixedStream());
  });
});

describe('applying twice equals applying once', () => {
  it.each(KICK_TYPES)('%s: every example applied again after its processed_events row is gone', async (type) => {
    const envelopes = eventExamples[type].map((example) => envelopeFor(type, { example: example.name }));
    const once = await expectReapplyChangesNothing(pool, KICK_TABLES, envelopes);
    expect(Object.values(once).flat()).not.toEqual([]);
  });
});
