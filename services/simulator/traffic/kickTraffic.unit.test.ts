import { beforeAll, describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import type {
  KickChannelRewardRedemptionUpdatedV1,
  KickChannelSubscriptionGiftsV1,
  KickChatMessageSentV1,
  KickLivestreamStatusUpdatedV1,
  KickModerationBannedV1,
} from '../../../generated/asyncapi/types.ts';
import { simulatedChannels } from '../simulatedChannels.ts';
import { createKickTraffic, type KickTrafficEvent } from './kickTraffic.ts';

const channels = simulatedChannels(6, 7);
const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);
// 6000 events, 100 ms apart: 10 simulated minutes, long enough for every channel's schedule to turn.
const COUNT = 6000;
const STEP_MS = 100;

function generate(seed: number, count = COUNT): KickTrafficEvent[] {
  const traffic = createKickTraffic({ seed, channels });
  return Array.from({ length: count }, (_, i) => traffic.next(START_MS + i * STEP_MS));
}

function payloadsOf<T>(events: readonly KickTrafficEvent[], name: KickTrafficEvent['name']): T[] {
  return events.filter((e) => e.name === name).map((e) => e.payload as T);
}

describe('createKickTraffic', () => {
  let events: KickTrafficEvent[];
  beforeAll(() => {
    events = generate(42);
  });

  it('produces payloads that pass the generated validator of their type', () => {
    const invalid = events.filter((e) => eventCatalogue[e.type].validateData(e.payload) !== true);
    expect(invalid.slice(0, 3).map((e) => ({ type: e.type, errors: (eventCatalogue[e.type].validateData(e.payload), eventCatalogue[e.type].validateData.errors) }))).toEqual([]);
  });

  it('produces all 10 Kick event types', () => {
    expect(new Set(events.map((e) => e.type)).size).toBe(10);
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(generate(42, 500))).toBe(JSON.stringify(events.slice(0, 500)));
    expect(JSON.stringify(generate(43, 500))).not.toBe(JSON.stringify(events.slice(0, 500)));
  });

  it('sends chat messages with and without replies, the reply pointing at an earlier message', () => {
    const chats = payloadsOf<KickChatMessageSentV1>(events, 'chat.message.sent');
    const replies = chats.filter((c) => c.replies_to != null);
    expect(replies.length).toBeGreaterThan(chats.length * 0.05);
    expect(chats.filter((c) => c.replies_to === undefined).length).toBeGreaterThan(0);
    expect(chats.filter((c) => c.replies_to === null).length).toBeGreaterThan(0);
    const seen = new Set<string>();
    for (const chat of chats) {
      if (chat.replies_to != null) expect(seen.has(chat.replies_to.message_id)).toBe(true);
      seen.add(chat.message_id);
    }
  });

  it('places every emote where its token is in the content', () => {
    const chats = payloadsOf<KickChatMessageSentV1>(events, 'chat.message.sent');
    const positions = chats.flatMap((c) => (c.emotes ?? []).flatMap((emote) => (emote.positions ?? []).map((p) => ({ content: c.content, id: emote.emote_id, ...p }))));
    expect(positions.length).toBeGreaterThan(100);
    for (const { content, id, s, e } of positions) expect(content.slice(s, (e ?? 0) + 1)).toMatch(new RegExp(`^\\[emote:${id ?? ''}:\\w+\\]$`));
  });

  it('gifts subscriptions from anonymous and named gifters, to one and to several giftees', () => {
    const gifts = payloadsOf<KickChannelSubscriptionGiftsV1>(events, 'channel.subscription.gifts');
    const anonymous = gifts.filter((g) => g.gifter.is_anonymous === true);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.every((g) => g.gifter.user_id === null && g.gifter.username === null)).toBe(true);
    expect(gifts.some((g) => g.gifter.is_anonymous === false && typeof g.gifter.user_id === 'number')).toBe(true);
    expect(gifts.some((g) => g.giftees.length === 1)).toBe(true);
    expect(gifts.some((g) => g.giftees.length >= 5)).toBe(true);
    for (const gift of gifts) expect(new Set(gift.giftees.map((g) => g.user_id)).size).toBe(gift.giftees.length);
  });

  it('bans permanently and with a timeout', () => {
    const bans = payloadsOf<KickModerationBannedV1>(events, 'moderation.banned');
    expect(bans.some((b) => b.metadata?.expires_at === null)).toBe(true);
    expect(bans.some((b) => typeof b.metadata?.expires_at === 'string' && Date.parse(b.metadata.expires_at) > Date.parse(b.metadata.created_at ?? ''))).toBe(true);
  });

  it('starts and ends streams, alternating per channel, with metadata updates while live', () => {
    const byChannel = new Map<number, boolean[]>();
    for (const event of events.filter((e) => e.name === 'livestream.status.updated')) {
      const status = event.payload as KickLivestreamStatusUpdatedV1;
      byChannel.set(event.broadcasterUserId, [...(byChannel.get(event.broadcasterUserId) ?? []), status.is_live]);
      expect(status.ended_at === null).toBe(status.is_live);
    }
    const sequences = [...byChannel.values()];
    expect(sequences.some((s) => s.includes(true) && s.includes(false))).toBe(true);
    // Only changes are announced, starting with a start.
    for (const sequence of sequences) sequence.forEach((live, i) => expect(live).toBe(i % 2 === 0));
    expect(events.some((e) => e.name === 'livestream.metadata.updated')).toBe(true);
  });

  it('settles pending reward redemptions as accepted or rejected under the same id', () => {
    const redemptions = payloadsOf<KickChannelRewardRedemptionUpdatedV1>(events, 'channel.reward.redemption.updated');
    const pending = new Set(redemptions.filter((r) => r.status === 'pending').map((r) => r.id));
    const settled = redemptions.filter((r) => r.status !== 'pending');
    expect(settled.some((r) => r.status === 'accepted')).toBe(true);
    expect(settled.some((r) => r.status === 'rejected')).toBe(true);
    for (const r of settled) expect(pending.has(r.id)).toBe(true);
  });

  it('changes one channel slug once, part-way through', () => {
    const renamed = channels.find((c) => c.rename !== null);
    if (renamed?.rename == null) throw new Error('the channel list has no rename');
    const slugs = events.filter((e) => e.broadcasterUserId === renamed.broadcasterUserId).map((e) => (e.payload.broadcaster as { channel_slug?: string }).channel_slug);
    const firstNew = slugs.indexOf(renamed.rename.slug);
    expect(firstNew).toBeGreaterThan(0);
    expect(slugs.slice(0, firstNew).every((s) => s === renamed.slug)).toBe(true);
    expect(slugs.slice(firstNew).every((s) => s === renamed.rename?.slug)).toBe(true);
  });
});
