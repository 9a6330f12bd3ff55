/**
 * A simulated channel's live state at a moment: a pure function of the channel and the time, so
 * the Kick API simulator (what the poller reads) and the webhook traffic (stream started / ended)
 * agree without talking to each other.
 */
import type { SimChannel } from './simulatedChannels.ts';
import { hash32 } from './traffic/prng.ts';

/** Live or not at a moment, and the viewers Kick would report. */
export interface SimChannelState {
  readonly isLive: boolean;
  /** Start of the current stream, or of the last one when offline (epoch ms). */
  readonly startedAtMs: number;
  /** End of the last stream when offline, else null. */
  readonly endedAtMs: number | null;
  /** 0 while offline. */
  readonly viewerCount: number;
}

/** Viewers change in steps of this many milliseconds. */
const VIEWER_STEP_MS = 15_000;

/** The state of `channel` at `timeMs` (epoch ms). */
export function channelStateAt(channel: SimChannel, timeMs: number): SimChannelState {
  const { periodMs, liveFraction, phaseMs } = channel.schedule;
  const liveMs = Math.floor(periodMs * liveFraction);
  const intoPeriod = (((timeMs + phaseMs) % periodMs) + periodMs) % periodMs;
  const periodStart = timeMs - intoPeriod;
  if (intoPeriod >= liveMs) return { isLive: false, startedAtMs: periodStart, endedAtMs: periodStart + liveMs, viewerCount: 0 };
  // Viewers ramp up over the first fifth of a stream, then wander ±25% around the base.
  const ramp = Math.min(1, intoPeriod / (liveMs / 5) + 0.1);
  const step = Math.floor(timeMs / VIEWER_STEP_MS);
  const noise = (hash32(`${channel.broadcasterUserId}:${step}`) / 4294967296 - 0.5) * 0.5;
  const wave = Math.sin((2 * Math.PI * intoPeriod) / liveMs) * 0.15;
  return { isLive: true, startedAtMs: periodStart, endedAtMs: null, viewerCount: Math.max(1, Math.round(channel.baseViewers * ramp * (1 + noise + wave))) };
}
