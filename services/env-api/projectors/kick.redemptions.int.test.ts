/** Given/When/Then for channel.reward.redemption.updated → kick_reward_redemptions (status by latest time). */
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

const redemptions = sql.unsafe`
  SELECT redemption_id, broadcaster_user_id, reward_id, reward_title, reward_cost, redeemer_user_id, redeemer_username,
         user_input, status, redeemed_at, event_time
  FROM kick_reward_redemptions`;

/** The documented redemption, first pending (22:54:19.323), then accepted a minute later. */
const pending = envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'pending' } });
const accepted = envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'accepted' }, time: '2025-12-02T22:55:19Z' });

const row = {
  redemption_id: '01KBHE78QE4HZY1617DK5FC7YD',
  broadcaster_user_id: 333,
  reward_id: '01KBHE7RZNHB0SKDV1H86CD4F3',
  reward_title: 'Uban Request',
  reward_cost: 1000,
  redeemer_user_id: 123,
  redeemer_username: 'naughty-user',
  user_input: 'unban me',
  status: 'pending',
  redeemed_at: '2025-12-02T22:54:19.323+00:00',
  event_time: '2025-12-02T22:54:19.323+00:00',
};

describe('kick.channel.reward.redemption.updated.v1', () => {
  it('given nothing, when a reward is redeemed, then a pending row with reward, redeemer and input', () =>
    spec.given().when(pending).then(async ({ rows }) => {
      expect(await rows(redemptions)).toEqual([row]);
    }));

  it('given the pending redemption, when it is accepted, then accepted', () =>
    spec.given(pending).when(accepted).then(async ({ rows }) => {
      expect(await rows(redemptions)).toEqual([{ ...row, status: 'accepted', event_time: '2025-12-02T22:55:19+00:00' }]);
    }));

  it('given the accepted redemption, when the pending one arrives late, then still accepted', () =>
    spec.given(accepted).when(pending).then(async ({ rows, results }) => {
      expect(results).toEqual(['processed']);
      expect(await rows(redemptions)).toEqual([{ ...row, status: 'accepted', event_time: '2025-12-02T22:55:19+00:00' }]);
    }));

  it('given nothing, when a status Kick has not documented arrives without a reward, then it is stored as text', () =>
    spec
      .given()
      .when(envelopeFor('kick.channel.reward.redemption.updated.v1', { data: { status: 'refunded', reward: undefined, redeemed_at: undefined, user_input: undefined } }))
      .then(async ({ rows }) => {
        expect(await rows(redemptions)).toMatchObject([{ status: 'refunded', reward_id: null, reward_title: null, reward_cost: null, redeemed_at: null, user_input: null }]);
      }));
});
