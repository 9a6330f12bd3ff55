/**
 * The simulated Kick channels: the same list drives the webhook traffic and the Kick API
 * simulator, so what the poller reads from the API (live state, viewer counts, slugs) matches the
 * channels the webhooks talk about. A pure function of `(count, seed)`: the stack and a separately
 * started `npm run simulate` agree on the channels as long as they pass the same two numbers.
 */
import { createPrng, type Prng } from './traffic/prng.ts';

/** A stream category as Kick sends it. */
export interface SimCategory {
  readonly id: number;
  readonly name: string;
  readonly thumbnail: string;
}

/** When a channel streams: live for `liveFraction` of every `periodMs`, shifted by `phaseMs`. */
export interface SimStreamSchedule {
  readonly periodMs: number;
  readonly liveFraction: number;
  readonly phaseMs: number;
}

/** One simulated channel. */
export interface SimChannel {
  readonly broadcasterUserId: number;
  readonly username: string;
  readonly slug: string;
  /** The username and slug this channel is renamed to during a simulation (one channel has one), else null. */
  readonly rename: { readonly username: string; readonly slug: string } | null;
  readonly isVerified: boolean;
  readonly profilePicture: string;
  readonly streamTitle: string;
  readonly language: string;
  readonly isMature: boolean;
  readonly category: SimCategory;
  /** Typical viewers while live; the live count moves around it. */
  readonly baseViewers: number;
  readonly schedule: SimStreamSchedule;
}

/** How many channels the simulator plays unless told otherwise. */
export const DEFAULT_SIM_CHANNEL_COUNT = 8;

/** The seed of the channel list unless told otherwise (independent of the traffic seed). */
export const DEFAULT_SIM_CHANNEL_SEED = 1;

/** Categories that exist on Kick; thumbnails are placeholders. */
export const SIM_CATEGORIES: readonly SimCategory[] = [
  { id: 15, name: 'Just Chatting' },
  { id: 28, name: 'Counter-Strike 2' },
  { id: 11, name: 'Grand Theft Auto V' },
  { id: 5, name: 'Fortnite' },
  { id: 8, name: 'Minecraft' },
  { id: 2, name: 'League of Legends' },
  { id: 31, name: 'Valorant' },
  { id: 42, name: 'Music' },
].map((c) => ({ ...c, thumbnail: `https://example.com/categories/${c.id}.webp` }));

const namePrefixes = ['Nova', 'Pixel', 'Shadow', 'Turbo', 'Frost', 'Cosmic', 'Lucky', 'Neon', 'Crimson', 'Golden', 'Hyper', 'Silent'];
const nameSuffixes = ['Fox', 'Raven', 'Tiger', 'Viper', 'Otter', 'Falcon', 'Knight', 'Wizard', 'Pirate', 'Panda'];
const titles = ['chill stream, come hang', 'ranked grind until diamond', 'first playthrough!!', 'late night vibes', 'road to 10k followers', 'viewer games today', 'reacting to your clips', 'new update, lets go'];
const languages = ['en', 'en', 'en', 'es', 'pt', 'de', 'fr'];

function channelName(prng: Prng, taken: Set<string>): string {
  for (;;) {
    const name = `${prng.pick(namePrefixes)}${prng.pick(nameSuffixes)}${prng.chance(0.5) ? String(prng.int(1, 100)) : ''}`;
    if (!taken.has(name.toLowerCase())) {
      taken.add(name.toLowerCase());
      return name;
    }
  }
}

/** `count` channels (1–500), the same for the same `(count, seed)`. Exactly one has a `rename`. */
export function simulatedChannels(count: number = DEFAULT_SIM_CHANNEL_COUNT, seed: number = DEFAULT_SIM_CHANNEL_SEED): SimChannel[] {
  if (!Number.isInteger(count) || count < 1 || count > 500) throw new RangeError(`channel count must be an integer from 1 to 500, got ${count}`);
  const prng = createPrng(seed);
  const taken = new Set<string>();
  const ids = new Set<number>();
  const renamed = prng.int(0, count);
  return Array.from({ length: count }, (_, index): SimChannel => {
    let id = prng.int(1_000_000, 99_000_000);
    while (ids.has(id)) id += 1;
    ids.add(id);
    const username = channelName(prng, taken);
    const periodMs = prng.int(4, 11) * 60_000;
    return {
      broadcasterUserId: id,
      username,
      slug: username.toLowerCase(),
      rename: index === renamed ? { username: `${username}TV`, slug: `${username.toLowerCase()}tv` } : null,
      isVerified: prng.chance(0.3),
      profilePicture: `https://example.com/avatars/${id}.webp`,
      streamTitle: prng.pick(titles),
      language: prng.pick(languages),
      isMature: prng.chance(0.2),
      category: prng.pick(SIM_CATEGORIES),
      baseViewers: Math.round(20 * 2 ** prng.int(0, 10) * (0.5 + prng.next())),
      schedule: { periodMs, liveFraction: 0.55 + prng.next() * 0.35, phaseMs: prng.int(0, periodMs) },
    };
  });
}
