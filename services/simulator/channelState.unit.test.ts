import { describe, expect, it } from 'vitest';
import { channelStateAt } from './channelState.ts';
import { simulatedChannels } from './simulatedChannels.ts';

describe('simulatedChannels', () => {
  it('is the same list for the same count and seed', () => {
    expect(simulatedChannels(8, 1)).toEqual(simulatedChannels(8, 1));
    expect(simulatedChannels(8, 1)).not.toEqual(simulatedChannels(8, 2));
  });

  it('has distinct ids and slugs, Kick-sized slugs, and exactly one rename', () => {
    const channels = simulatedChannels(50, 4);
    expect(new Set(channels.map((c) => c.broadcasterUserId)).size).toBe(50);
    const slugs = channels.flatMap((c) => [c.slug, ...(c.rename === null ? [] : [c.rename.slug])]);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug.length).toBeLessThanOrEqual(25);
    expect(channels.filter((c) => c.rename !== null)).toHaveLength(1);
  });

  it('refuses a count out of range', () => {
    expect(() => simulatedChannels(0)).toThrow(RangeError);
  });
});

describe('channelStateAt', () => {
  const [channel] = simulatedChannels(1, 9);
  if (channel === undefined) throw new Error('no channel');
  const { periodMs, liveFraction, phaseMs } = channel.schedule;
  // A moment where a stream has just started: (t + phase) is a multiple of the period.
  const streamStart = 20 * periodMs - phaseMs;

  it('is live for the live part of each period, with viewers, and offline with none after', () => {
    const live = channelStateAt(channel, streamStart + 1000);
    expect(live).toMatchObject({ isLive: true, startedAtMs: streamStart, endedAtMs: null });
    expect(live.viewerCount).toBeGreaterThan(0);
    const offline = channelStateAt(channel, streamStart + Math.ceil(periodMs * liveFraction) + 1000);
    expect(offline).toMatchObject({ isLive: false, startedAtMs: streamStart, viewerCount: 0 });
    expect(offline.endedAtMs).toBe(streamStart + Math.floor(periodMs * liveFraction));
  });

  it('varies the viewer count while live', () => {
    const counts = new Set(Array.from({ length: 10 }, (_, i) => channelStateAt(channel, streamStart + 60_000 + i * 15_000).viewerCount));
    expect(counts.size).toBeGreaterThan(3);
  });
});
