/**
 * `channel.reward.redemption.updated`: a viewer redeems a reward (status `pending`), and a later
 * update of the same redemption id settles it as `accepted` or `rejected`, as the broadcaster
 * would. Redemptions still pending are kept on the channel context until settled.
 */
import type { KickChannelRewardRedemptionUpdatedV1 } from '../../../generated/asyncapi/types.ts';
import { rfc3339Millis, ulid } from './ids.ts';
import type { KickChannelContext, KickDraw, PendingRedemption } from './kickChannelContext.ts';
import { kickUserReduced } from './kickUsers.ts';

const inputs = ['play sandstorm', 'unban me', 'the AWP obviously', 'never gonna give you up', 'pls', 'go left next time'];

/** At most this many pending redemptions per channel; past it, the oldest is settled first. */
const MAX_PENDING = 10;

function payloadOf(context: KickChannelContext, redemption: PendingRedemption, status: string): KickChannelRewardRedemptionUpdatedV1 {
  const { reward } = redemption;
  return {
    id: redemption.id,
    user_input: redemption.userInput,
    status,
    redeemed_at: rfc3339Millis(redemption.redeemedAtMs),
    reward: { id: reward.id, title: reward.title, cost: reward.cost, description: reward.description },
    redeemer: kickUserReduced(redemption.redeemer),
    broadcaster: kickUserReduced(context.broadcaster),
  };
}

/** A new pending redemption, or (about half the time, when some are pending) the settling of one. */
export function rewardRedemption(context: KickChannelContext, draw: KickDraw): KickChannelRewardRedemptionUpdatedV1 {
  const { prng } = draw;
  const pending = context.pendingRedemptions;
  if (pending.length >= MAX_PENDING || (pending.length > 0 && prng.chance(0.5))) {
    const index = pending.length >= MAX_PENDING ? 0 : prng.int(0, pending.length);
    const [settled] = pending.splice(index, 1);
    if (settled !== undefined) return payloadOf(context, settled, prng.chance(0.75) ? 'accepted' : 'rejected');
  }
  const reward = prng.pick(context.rewards);
  const redemption: PendingRedemption = {
    id: ulid(draw.nowMs, prng),
    reward,
    redeemer: prng.pick(draw.viewers),
    userInput: reward.takesInput ? prng.pick(inputs) : '',
    redeemedAtMs: draw.nowMs,
  };
  pending.push(redemption);
  return payloadOf(context, redemption, 'pending');
}
