/**
 * The simulated viewers and the user objects Kick webhooks carry (providers.md §1.5): the full
 * user (`is_anonymous`, `identity`), the reduced one of KICKs and reward redemptions, and a
 * channel's broadcaster, whose slug may change once during a run.
 */
import type { KickIdentity, KickUser, KickUserReduced } from '../../../generated/asyncapi/types.ts';
import type { SimChannel } from '../simulatedChannels.ts';
import type { Prng } from './prng.ts';

/** A simulated viewer. */
export interface SimViewer {
  readonly userId: number;
  readonly username: string;
  readonly slug: string;
  readonly isVerified: boolean;
  readonly profilePicture: string;
  readonly color: string;
}

const first = ['silent', 'lazy', 'mega', 'captain', 'sir', 'tiny', 'big', 'salty', 'happy', 'rapid', 'mellow', 'vivid', 'dark', 'sunny'];
const second = ['bob', 'gamer', 'wolf', 'ninja', 'pickle', 'otter', 'toast', 'goose', 'llama', 'noodle', 'cactus', 'moose', 'taco', 'yeti'];
const colors = ['#FF5733', '#33FF57', '#3357FF', '#F1C40F', '#9B59B6', '#1ABC9C', '#E67E22', '#E91E63', '#00BCD4', '#8BC34A'];

/** `count` viewers with distinct ids and usernames. */
export function createViewers(prng: Prng, count: number): SimViewer[] {
  const viewers: SimViewer[] = [];
  const names = new Set<string>();
  const ids = new Set<number>();
  while (viewers.length < count) {
    const username = `${prng.pick(first)}_${prng.pick(second)}${prng.int(1, 1000)}`;
    const userId = prng.int(100_000_000, 999_000_000);
    if (names.has(username) || ids.has(userId)) continue;
    names.add(username);
    ids.add(userId);
    viewers.push({ userId, username, slug: username.replaceAll('_', '-'), isVerified: prng.chance(0.05), profilePicture: `https://example.com/avatars/${userId}.webp`, color: prng.pick(colors) });
  }
  return viewers;
}

/** Badges a chatter may show; `count` only where Kick sends one. */
function badges(prng: Prng, isModerator: boolean): NonNullable<KickIdentity['badges']> {
  const out: NonNullable<KickIdentity['badges']> = [];
  if (isModerator) out.push({ text: 'Moderator', type: 'moderator' });
  if (prng.chance(0.1)) out.push({ text: 'VIP', type: 'vip' });
  if (prng.chance(0.15)) out.push({ text: 'Sub Gifter', type: 'sub_gifter', count: prng.pick([1, 5, 10, 25, 50]) });
  if (prng.chance(0.35)) out.push({ text: 'Subscriber', type: 'subscriber', count: prng.int(1, 25) });
  return out;
}

/** The full user object; `identity` only for chat senders (Kick sends null elsewhere). */
export function kickUser(viewer: SimViewer, identity: { prng: Prng; isModerator: boolean } | null = null): KickUser {
  return {
    is_anonymous: false,
    user_id: viewer.userId,
    username: viewer.username,
    is_verified: viewer.isVerified,
    profile_picture: viewer.profilePicture,
    channel_slug: viewer.slug,
    identity: identity === null ? null : { username_color: viewer.color, badges: badges(identity.prng, identity.isModerator) },
  };
}

/** The reduced user object (`kicks.gifted`, `channel.reward.redemption.updated`). */
export function kickUserReduced(viewer: SimViewer): KickUserReduced {
  return { user_id: viewer.userId, username: viewer.username, is_verified: viewer.isVerified, profile_picture: viewer.profilePicture, channel_slug: viewer.slug };
}

/** A channel's broadcaster as a viewer-like record, with the slug it has at this point of the run. */
export function broadcasterOf(channel: SimChannel, renamed: boolean): SimViewer {
  const name = renamed && channel.rename !== null ? channel.rename : channel;
  return { userId: channel.broadcasterUserId, username: name.username, slug: name.slug, isVerified: channel.isVerified, profilePicture: channel.profilePicture, color: '#FFFFFF' };
}
