/**
 * Given/When/Then for subscription new, renewal and gifts → kick_subscriptions (latest expiry
 * wins, other columns from the newest event) and kick_subscription_gifts.
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

const subscriptions = sql.unsafe`
  SELECT broadcaster_user_id, subscriber_user_id, subscriber_username, kind, duration_months, subscribed_at, expires_at
  FROM kick_subscriptions ORDER BY subscriber_user_id`;

/** The documented subscriber's `new` (Jan 14, expiring Feb 14) and its renewal a month later (expiring Mar 14). */
const subscribed = envelopeFor('kick.channel.subscription.new.v1');
const renewed = envelopeFor('kick.channel.subscription.renewal.v1', {
  time: '2025-02-14T16:08:06Z',
  data: { duration: 2, created_at: '2025-02-14T16:08:06Z', expires_at: '2025-03-14T16:08:06Z' },
});
const renewedRow = {
  broadcaster_user_id: 123456789,
  subscriber_user_id: 987654321,
  subscriber_username: 'subscriber_name',
  kind: 'renewal',
  duration_months: 2,
  subscribed_at: '2025-02-14T16:08:06+00:00',
  expires_at: '2025-03-14T16:08:06+00:00',
};

describe('kick.channel.subscription.new.v1 and .renewal.v1', () => {
  it('given nothing, when a user subscribes, then a new row with duration and expiry', () =>
    spec.given().when(subscribed).then(async ({ rows }) => {
      expect(await rows(subscriptions)).toEqual([{ ...renewedRow, kind: 'new', duration_months: 1, subscribed_at: '2025-01-14T16:08:06+00:00', expires_at: '2025-02-14T16:08:06+00:00' }]);
    }));

  it('given the new subscription, when it is renewed, then the renewal and its later expiry', () =>
    spec.given(subscribed).when(renewed).then(async ({ rows }) => {
      expect(await rows(subscriptions)).toEqual([renewedRow]);
    }));

  it('given the renewal, when the new subscription arrives late, then the renewal and its later expiry stay', () =>
    spec.given(renewed).when(subscribed).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(subscriptions)).toEqual([renewedRow]);
    }));

  it('given the renewal, when a newer event carries an earlier expiry, then its columns win but the latest expiry stays', () =>
    spec
      .given(renewed)
      .when(envelopeFor('kick.channel.subscription.new.v1', { time: '2025-02-20T00:00:00Z', data: { expires_at: '2025-03-01T00:00:00Z' } }))
      .then(async ({ rows }) => {
        expect(await rows(subscriptions)).toEqual([{ ...renewedRow, kind: 'new', duration_months: 1, subscribed_at: '2025-01-14T16:08:06+00:00' }]);
      }));

  it('given nothing, when an older-format renewal has no expiry, then expires_at is null until an event gives one', () =>
    spec
      .given(envelopeFor('kick.channel.subscription.renewal.v1', { data: { expires_at: undefined, created_at: undefined } }))
      .when()
      .then(async ({ rows }) => {
        expect(await rows(subscriptions)).toMatchObject([{ kind: 'renewal', subscribed_at: '2025-01-14T16:08:06+00:00', expires_at: null }]);
      }));
});

describe('kick.channel.subscription.gifts.v1', () => {
  const gifts = sql.unsafe`
    SELECT broadcaster_user_id, gifter_user_id, gifter_username, giftee_user_ids, gifted_at, expires_at FROM kick_subscription_gifts`;

  it('given nothing, when a user gifts a subscription, then the gift row and the giftee subscription', () =>
    spec.given().when(envelopeFor('kick.channel.subscription.gifts.v1')).then(async ({ rows }) => {
      expect(await rows(gifts)).toEqual([
        {
          broadcaster_user_id: 123456789,
          gifter_user_id: 987654321,
          gifter_username: 'gifter_name',
          giftee_user_ids: [561654654],
          gifted_at: '2025-01-14T16:08:06+00:00',
          expires_at: '2025-02-14T16:08:06+00:00',
        },
      ]);
      expect(await rows(subscriptions)).toEqual([
        {
          broadcaster_user_id: 123456789,
          subscriber_user_id: 561654654,
          subscriber_username: 'giftee_name',
          kind: 'gift',
          duration_months: null,
          subscribed_at: '2025-01-14T16:08:06+00:00',
          expires_at: '2025-02-14T16:08:06+00:00',
        },
      ]);
    }));

  it('given the public gift, when an anonymous gift to two users arrives, then a null gifter and one row per giftee', () =>
    spec
      .given(envelopeFor('kick.channel.subscription.gifts.v1'))
      .when(envelopeFor('kick.channel.subscription.gifts.v1', { example: 'anonymous' }))
      .then(async ({ rows }) => {
        expect(await rows(sql.unsafe`SELECT gifter_user_id, gifter_username, giftee_user_ids FROM kick_subscription_gifts ORDER BY event_time`)).toEqual([
          { gifter_user_id: 987654321, gifter_username: 'gifter_name', giftee_user_ids: [561654654] },
          { gifter_user_id: null, gifter_username: null, giftee_user_ids: [561654654, 561654655] },
        ]);
        expect((await rows(subscriptions)).map((r) => [r['subscriber_user_id'], r['kind'], r['expires_at']])).toEqual([
          [561654654, 'gift', '2025-04-02T20:15:41+00:00'],
          [561654655, 'gift', '2025-04-02T20:15:41+00:00'],
        ]);
      }));

  it('given nothing, when a gift lists the same giftee twice, then one subscription row', () => {
    const giftee = envelopeFor('kick.channel.subscription.gifts.v1').data.giftees[0];
    return spec
      .given()
      .when(envelopeFor('kick.channel.subscription.gifts.v1', { data: { giftees: giftee === undefined ? [] : [giftee, giftee] } }))
      .then(async ({ rows }) => {
        expect(await rows(subscriptions)).toHaveLength(1);
      });
  });

  it('given a user subscribed until March, when an older gift to them arrives, then the later expiry and the newer subscription stay', () =>
    spec
      .given(envelopeFor('kick.channel.subscription.new.v1', { time: '2025-02-01T00:00:00Z', data: { subscriber: { user_id: 561654654, username: 'giftee_name' }, expires_at: '2025-03-01T00:00:00Z' } }))
      .when(envelopeFor('kick.channel.subscription.gifts.v1'))
      .then(async ({ rows }) => {
        expect(await rows(subscriptions)).toMatchObject([{ subscriber_user_id: 561654654, kind: 'new', expires_at: '2025-03-01T00:00:00+00:00' }]);
      }));
});
