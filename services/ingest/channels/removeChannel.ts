/**
 * `vf channels remove`: stop tracking a channel and drop its Kick webhook subscriptions. The
 * database goes first: if Kick then fails, the channel is already untracked and the hourly
 * subscription sync deletes what is left of its subscriptions.
 */
import type { Logger } from '../../shared/logging/createLogger.ts';
import type { DmPool } from '../../shared/pg/pools.ts';
import type { KickApiClient } from '../kickApi/kickApi.ts';
import { unsubscribeChannel, type UnsubscribeResult } from '../subscriptions/unsubscribeChannel.ts';
import { parseChannelRef } from './domain/channelRef.ts';
import { untrackChannel, type UntrackedChannel } from './untrackChannel.ts';

/** What `removeChannel` did. */
export interface RemovedChannel {
  readonly channel: UntrackedChannel;
  readonly unsubscribed: UnsubscribeResult;
}

/** Untracks the channel named by `ref` (slug or broadcaster user id) and unsubscribes it at Kick. */
export async function removeChannel(deps: { readonly pool: DmPool; readonly kick: KickApiClient; readonly logger?: Logger }, ref: string): Promise<RemovedChannel> {
  const channel = await untrackChannel(deps.pool, parseChannelRef(ref));
  const unsubscribed = await unsubscribeChannel({ pool: deps.pool, kickApi: deps.kick, ...(deps.logger === undefined ? {} : { logger: deps.logger }) }, channel.broadcasterUserId);
  return { channel, unsubscribed };
}
