import { describe, expect, it } from 'vitest';
import type { EventSubscription } from '../../../../generated/openapi/kick-api.schemas.ts';
import { kickSubscriptionEvents } from './kickSubscriptionEvents.ts';
import { planSubscriptions, type PlanChannel, type PlanInput, type PlanRow } from './planSubscriptions.ts';

const required = [
  { name: 'channel.followed', version: 1 },
  { name: 'chat.message.sent', version: 1 },
];
const alpha: PlanChannel = { streamerChannelId: '1', broadcasterUserId: 1001, slug: 'alpha', tracking: true };
const beta: PlanChannel = { streamerChannelId: '2', broadcasterUserId: 1002, slug: 'beta', tracking: true };
const gone: PlanChannel = { streamerChannelId: '3', broadcasterUserId: 1003, slug: 'gone', tracking: false };

function sub(id: string, broadcaster: number | undefined, event: string, createdAt?: string, version = 1): EventSubscription {
  return { id, event, version, method: 'webhook', ...(broadcaster === undefined ? {} : { broadcaster_user_id: broadcaster }), ...(createdAt === undefined ? {} : { created_at: createdAt }) };
}
const row = (kickSubscriptionId: string, streamerChannelId: string): PlanRow => ({ kickSubscriptionId, streamerChannelId });

interface Want {
  create?: Record<string, string[]>;
  delete?: Record<string, string[]>;
  keep?: Record<string, string[]>;
  missing?: number;
  gone?: string[];
  ignored?: number;
}

const cases: { name: string; given: Partial<PlanInput>; want: Want }[] = [
  {
    name: 'a tracked channel with nothing gets every required event',
    given: { channels: [alpha] },
    want: { create: { alpha: ['channel.followed', 'chat.message.sent'] }, delete: { alpha: [] }, missing: 2 },
  },
  {
    name: 'a correct channel is left alone and its subscriptions kept',
    given: { channels: [alpha], kickSubscriptions: [sub('A1', 1001, 'channel.followed'), sub('A2', 1001, 'chat.message.sent')] },
    want: { create: { alpha: [] }, delete: { alpha: [] }, keep: { alpha: ['A1', 'A2'] }, missing: 0 },
  },
  {
    name: 'duplicates keep the oldest by created_at, whatever the list order',
    given: {
      channels: [alpha],
      kickSubscriptions: [
        sub('A3', 1001, 'channel.followed', '2026-01-03T00:00:00Z'),
        sub('A1', 1001, 'channel.followed', '2026-01-01T00:00:00Z'),
        sub('A2', 1001, 'channel.followed', '2026-01-02T00:00:00Z'),
        sub('A4', 1001, 'chat.message.sent'),
      ],
    },
    want: { create: { alpha: [] }, delete: { alpha: ['A2:duplicate', 'A3:duplicate'] }, keep: { alpha: ['A1', 'A4'] }, missing: 0 },
  },
  {
    name: 'duplicates without created_at keep the smallest id',
    given: { channels: [alpha], kickSubscriptions: [sub('B2', 1001, 'chat.message.sent'), sub('B1', 1001, 'chat.message.sent')] },
    want: { create: { alpha: ['channel.followed'] }, delete: { alpha: ['B2:duplicate'] }, keep: { alpha: ['B1'] }, missing: 1 },
  },
  {
    name: 'events outside the required set, or another version, are deleted',
    given: { channels: [alpha], kickSubscriptions: [sub('C1', 1001, 'channel.followed', undefined, 2), sub('C2', 1001, 'moderation.banned')] },
    want: { create: { alpha: ['channel.followed', 'chat.message.sent'] }, delete: { alpha: ['C1:unwanted', 'C2:unwanted'] }, missing: 2 },
  },
  {
    name: 'an untracked channel loses the subscriptions we recorded, and only those',
    given: { channels: [alpha, gone], rows: [row('G1', '3')], kickSubscriptions: [sub('G1', 1003, 'channel.followed'), sub('G2', 1003, 'chat.message.sent')] },
    want: { create: { alpha: ['channel.followed', 'chat.message.sent'], gone: [] }, delete: { alpha: [], gone: ['G1:untracked'] }, missing: 2, ignored: 1 },
  },
  {
    name: 'subscriptions of channels dm does not know are ignored',
    given: { channels: [alpha], kickSubscriptions: [sub('X1', 4242, 'channel.followed'), sub('X2', undefined, 'channel.followed')] },
    want: { create: { alpha: ['channel.followed', 'chat.message.sent'] }, missing: 2, ignored: 2 },
  },
  {
    name: 'a listed subscription without broadcaster_user_id is attributed by our row',
    given: { channels: [alpha], rows: [row('R1', '1')], kickSubscriptions: [sub('R1', undefined, 'channel.followed')] },
    want: { create: { alpha: ['chat.message.sent'] }, keep: { alpha: ['R1'] }, missing: 1, ignored: 0 },
  },
  {
    name: 'rows Kick no longer lists are gone',
    given: { channels: [alpha, beta], rows: [row('D1', '1'), row('D2', '2')], kickSubscriptions: [sub('D2', 1002, 'channel.followed')] },
    want: { create: { alpha: ['channel.followed', 'chat.message.sent'], beta: ['chat.message.sent'] }, missing: 3, gone: ['D1'] },
  },
];

describe('planSubscriptions', () => {
  it.each(cases)('$name', ({ given, want }) => {
    const plan = planSubscriptions({ requiredEvents: required, channels: [], rows: [], kickSubscriptions: [], ...given });
    const by = (pick: (p: (typeof plan.channels)[number]) => string[]) => Object.fromEntries(plan.channels.map((p) => [p.channel.slug, pick(p)]));
    if (want.create !== undefined) expect(by((p) => p.create.map((e) => e.name))).toEqual(want.create);
    if (want.delete !== undefined) expect(by((p) => p.delete.map((d) => `${d.kickSubscriptionId}:${d.reason}`))).toEqual(expect.objectContaining(want.delete));
    if (want.keep !== undefined) expect(by((p) => p.keep.map((s) => s.id).sort())).toEqual(expect.objectContaining(want.keep));
    expect(plan.missingCount).toBe(want.missing ?? 0);
    expect(plan.goneKickSubscriptionIds).toEqual(want.gone ?? []);
    expect(plan.ignoredCount).toBe(want.ignored ?? 0);
  });

  it('lists tracked channels by slug before untracked ones', () => {
    const plan = planSubscriptions({ requiredEvents: required, channels: [gone, beta, alpha], rows: [row('G1', '3')], kickSubscriptions: [sub('G1', 1003, 'kicks.gifted')] });
    expect(plan.channels.map((p) => p.channel.slug)).toEqual(['alpha', 'beta', 'gone']);
  });
});

describe('kickSubscriptionEvents', () => {
  it('are the 10 Kick webhook events of the contract, version 1', () => {
    expect(kickSubscriptionEvents).toHaveLength(10);
    expect(kickSubscriptionEvents.map((e) => e.name)).toContain('livestream.status.updated');
    expect(new Set(kickSubscriptionEvents.map((e) => e.version))).toEqual(new Set([1]));
  });
});
