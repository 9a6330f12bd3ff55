/**
 * Given/When/Then for the Kick projectors whose rows are one fact each: chat messages, follows,
 * bans, KICKs gifts and viewer counts.
 */
import { sql } from 'slonik';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvPool, type EnvPool } from '../../shared/pg/pools.ts';
import { useTestDatabase } from '../../shared/testkit/testDatabase.ts';
import { envelopeFor, projectionSpec } from './test/projectionSpec.ts';

const db = useTestDatabase('env');
let pool: EnvPool;
beforeAll(async () => {
  pool = await createEnvPool(db.current.url, { maximumPoolSize: 2 });
});
afterAll(async () => {
  await pool.end();
});
const spec = projectionSpec(() => pool);

describe('kick.chat.message.sent.v1 → kick_chat_messages', () => {
  const messages = sql.unsafe`
    SELECT message_id, broadcaster_user_id, sender_user_id, sender_username, content, replies_to_message_id, sent_at
    FROM kick_chat_messages ORDER BY message_id`;

  it('given nothing, when a reply is sent, then its row keeps the parent id, sender, content and sent time', () =>
    spec.given().when(envelopeFor('kick.chat.message.sent.v1')).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(messages)).toEqual([
        {
          message_id: 'unique_message_id_123',
          broadcaster_user_id: 123456789,
          sender_user_id: 987654321,
          sender_username: 'sender_name',
          content: 'Hello [emote:4148074:HYPERCLAP] [emote:4148074:HYPERCLAP] [emote:37226:KEKW]',
          replies_to_message_id: 'unique_message_id_456',
          sent_at: '2025-01-14T16:08:06+00:00',
        },
      ]);
    }));

  it('given a reply, when a plain message without created_at is sent, then it has no parent and the envelope time as sent time', () =>
    spec
      .given(envelopeFor('kick.chat.message.sent.v1'))
      .when(envelopeFor('kick.chat.message.sent.v1', { example: 'notAReply', data: { created_at: undefined }, time: '2025-08-21T19:02:45.120Z' }))
      .then(async ({ rows }) => {
        expect((await rows(messages)).map((r) => [r['message_id'], r['replies_to_message_id'], r['sent_at']])).toEqual([
          ['2f4c9a61-7d0e-4b8a-9c3e-5a1b2c3d4e5f', null, '2025-08-21T19:02:45.12+00:00'],
          ['unique_message_id_123', 'unique_message_id_456', '2025-01-14T16:08:06+00:00'],
        ]);
      }));

  it('given a message, when an older envelope of the same message id arrives, then the newer content stays', () =>
    spec
      .given(envelopeFor('kick.chat.message.sent.v1', { data: { content: 'edited' }, time: '2025-01-14T16:08:07Z' }))
      .when(envelopeFor('kick.chat.message.sent.v1', { time: '2025-01-14T16:08:06Z' }))
      .then(async ({ rows }) => {
        expect((await rows(messages)).map((r) => r['content'])).toEqual(['edited']);
      }));
});

describe('kick.channel.followed.v1 → kick_follows', () => {
  const follows = sql.unsafe`SELECT broadcaster_user_id, follower_user_id, follower_username, followed_at FROM kick_follows`;

  it('given nothing, when a user follows, then one row with the follow time', () =>
    spec.given().when(envelopeFor('kick.channel.followed.v1')).then(async ({ rows }) => {
      expect(await rows(follows)).toEqual([
        { broadcaster_user_id: 123456789, follower_user_id: 987654321, follower_username: 'follower_name', followed_at: '2025-01-14T16:10:00+00:00' },
      ]);
    }));

  it('given a re-follow, when the first follow arrives late, then followed_at stays at the re-follow', () =>
    spec
      .given(envelopeFor('kick.channel.followed.v1', { time: '2025-03-01T00:00:00Z', data: { follower: { username: 'renamed' } } }))
      .when(envelopeFor('kick.channel.followed.v1'))
      .then(async ({ rows }) => {
        expect(await rows(follows)).toEqual([
          { broadcaster_user_id: 123456789, follower_user_id: 987654321, follower_username: 'renamed', followed_at: '2025-03-01T00:00:00+00:00' },
        ]);
      }));
});

describe('kick.moderation.banned.v1 → kick_bans', () => {
  const bans = sql.unsafe`
    SELECT broadcaster_user_id, banned_user_id, banned_at, banned_username, moderator_user_id, moderator_username, reason, expires_at
    FROM kick_bans ORDER BY banned_at`;

  it('given a timeout, when a permanent ban follows, then two rows: the timeout with its end, the ban with none', () =>
    spec
      .given(envelopeFor('kick.moderation.banned.v1'))
      .when(envelopeFor('kick.moderation.banned.v1', { example: 'permanent' }))
      .then(async ({ rows }) => {
        const ban = { broadcaster_user_id: 123456789, banned_user_id: 135790135, banned_username: 'banned_user_name', moderator_user_id: 987654321, moderator_username: 'moderator_name' };
        expect(await rows(bans)).toEqual([
          { ...ban, banned_at: '2025-01-14T16:08:05+00:00', reason: 'banned reason', expires_at: '2025-01-14T16:10:06+00:00' },
          { ...ban, banned_at: '2025-01-15T09:30:00+00:00', reason: 'spam', expires_at: null },
        ]);
      }));

  it('given nothing, when a ban without metadata arrives, then banned_at is the envelope time and it is permanent', () =>
    spec
      .given()
      .when(envelopeFor('kick.moderation.banned.v1', { data: { metadata: undefined, moderator: undefined } }))
      .then(async ({ rows }) => {
        expect(await rows(bans)).toMatchObject([{ banned_at: '2025-01-14T16:08:05+00:00', moderator_user_id: null, reason: null, expires_at: null }]);
      }));
});

describe('kick.kicks.gifted.v1 → kick_kicks_gifts', () => {
  const gifts = sql.unsafe`
    SELECT broadcaster_user_id, sender_user_id, sender_username, amount, gift_id, gift_name, gift_type, gift_tier, message, gifted_at
    FROM kick_kicks_gifts ORDER BY event_time`;

  it('given a gift, when an identical gift comes in another envelope, then both are kept (each envelope is a gift)', () =>
    spec
      .given(envelopeFor('kick.kicks.gifted.v1'))
      .when(envelopeFor('kick.kicks.gifted.v1', { time: '2025-10-20T04:00:09Z' }))
      .then(async ({ rows }) => {
        const gift = {
          broadcaster_user_id: 123456789,
          sender_user_id: 987654321,
          sender_username: 'gift_sender',
          amount: 500,
          gift_id: null,
          gift_name: 'Rage Quit',
          gift_type: 'LEVEL_UP',
          gift_tier: 'MID',
          message: 'w',
          gifted_at: '2025-10-20T04:00:08.634+00:00',
        };
        expect(await rows(gifts)).toEqual([gift, gift]);
      }));
});

describe('kick.viewer_probe.v1 → kick_viewer_counts', () => {
  const counts = sql.unsafe`SELECT broadcaster_user_id, probed_at, is_live, viewer_count FROM kick_viewer_counts ORDER BY probed_at`;

  it('given a live probe, when the channel is probed offline later, then one row per scheduled minute', () =>
    spec
      .given(envelopeFor('kick.viewer_probe.v1'))
      .when(envelopeFor('kick.viewer_probe.v1', { example: 'offline' }))
      .then(async ({ rows }) => {
        expect(await rows(counts)).toEqual([
          { broadcaster_user_id: 123456789, probed_at: '2025-01-14T16:08:00+00:00', is_live: true, viewer_count: 1542 },
          { broadcaster_user_id: 123456789, probed_at: '2025-01-14T20:31:00+00:00', is_live: false, viewer_count: 0 },
        ]);
      }));

  it('given a retried poll of the same minute received later, when the first one arrives late, then the later reading stays', () =>
    spec
      .given(envelopeFor('kick.viewer_probe.v1', { data: { viewer_count: 1600 }, receivedAt: '2025-01-14T16:08:40Z' }))
      .when(envelopeFor('kick.viewer_probe.v1', { receivedAt: '2025-01-14T16:08:01Z' }))
      .then(async ({ rows }) => {
        expect(await rows(counts)).toEqual([{ broadcaster_user_id: 123456789, probed_at: '2025-01-14T16:08:00+00:00', is_live: true, viewer_count: 1600 }]);
      }));
});
