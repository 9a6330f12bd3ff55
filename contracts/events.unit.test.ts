/**
 * The event contract through the generated validators: every example validates, hand-made invalid
 * variants fail at the precise path, documented nullable fields accept null, and undocumented
 * fields pass through. Fixtures come from generated/ (the contract's own examples).
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue, type EventType } from '../generated/asyncapi/catalogue.ts';
import { envelopeExamples, eventExamples } from '../generated/asyncapi/examples.ts';
import { validateEnvelope } from '../generated/asyncapi/catalogue.ts';

type Path = ReadonlyArray<string | number>;

/** A copy of `value` with the field at `path` set (or removed when `remove`). */
function edit(value: unknown, path: Path, next: unknown, remove = false): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (remove) delete node[last];
  else node[last] = next;
  return copy;
}

/** `"/a/b type"`, or `"/a/missing required"` for a missing property. */
function errorsOf(type: EventType, data: unknown): string[] {
  const validate = eventCatalogue[type].validateData;
  if (validate(data)) return [];
  return (validate.errors ?? []).map((e) =>
    e.keyword === 'required' ? `${e.instancePath}/${String((e.params as { missingProperty: string }).missingProperty)} required` : `${e.instancePath} ${e.keyword}`,
  );
}

const example = <K extends EventType>(type: K, index = 0): unknown => {
  const found = eventExamples[type][index];
  if (!found) throw new Error(`no example ${index} for ${type}`);
  return found.payload;
};

describe('every contract example validates', () => {
  const all = EVENT_TYPES.flatMap((type) => eventExamples[type].map((x) => [type, x.name, x] as const));
  it.each(all)('%s (%s): payload and headers', (type, _name, x) => {
    expect(errorsOf(type, x.payload)).toEqual([]);
    expect(eventCatalogue[type].validateHeaders(x.headers)).toBe(true);
  });
  it.each(envelopeExamples.map((e, i) => [i, e] as const))('envelope example %i', (_i, envelope) => {
    expect(validateEnvelope(envelope)).toBe(true);
  });
  it('covers the 10 Kick events, the Sumsub types we accept and the viewer probe', () => {
    expect(EVENT_TYPES.filter((t) => t.startsWith('kick.') && t !== 'kick.viewer_probe.v1')).toHaveLength(10);
    for (const t of ['sumsub.applicant_created.v1', 'sumsub.applicant_reviewed.v1', 'sumsub.applicant_action_on_hold.v1', 'kick.viewer_probe.v1']) {
      expect(EVENT_TYPES).toContain(t);
    }
  });
});

describe('invalid Kick variants fail at the precise path', () => {
  const cases: Array<{ type: EventType; path: Path; value?: unknown; remove?: boolean; want: string }> = [
    { type: 'kick.chat.message.sent.v1', path: ['broadcaster', 'user_id'], value: '123456789', want: '/broadcaster/user_id type' },
    { type: 'kick.chat.message.sent.v1', path: ['message_id'], remove: true, want: '/message_id required' },
    { type: 'kick.chat.message.sent.v1', path: ['emotes', 0, 'positions', 0, 's'], value: 'six', want: '/emotes/0/positions/0/s type' },
    { type: 'kick.channel.followed.v1', path: ['follower', 'user_id'], value: 'x', want: '/follower/user_id type' },
    { type: 'kick.channel.subscription.renewal.v1', path: ['duration'], value: '3', want: '/duration type' },
    { type: 'kick.channel.subscription.gifts.v1', path: ['giftees', 0, 'user_id'], value: '561654654', want: '/giftees/0/user_id type' },
    { type: 'kick.channel.subscription.new.v1', path: ['subscriber'], remove: true, want: '/subscriber required' },
    { type: 'kick.channel.reward.redemption.updated.v1', path: ['reward', 'cost'], value: '1000', want: '/reward/cost type' },
    { type: 'kick.channel.reward.redemption.updated.v1', path: ['id'], remove: true, want: '/id required' },
    { type: 'kick.livestream.status.updated.v1', path: ['is_live'], value: 'yes', want: '/is_live type' },
    { type: 'kick.livestream.metadata.updated.v1', path: ['metadata', 'has_mature_content'], value: 'true', want: '/metadata/has_mature_content type' },
    { type: 'kick.moderation.banned.v1', path: ['banned_user', 'user_id'], value: 135790135.5, want: '/banned_user/user_id type' },
    { type: 'kick.kicks.gifted.v1', path: ['gift', 'amount'], value: '500', want: '/gift/amount type' },
  ];
  it.each(cases)('$type: $want', ({ type, path, value, remove, want }) => {
    expect(errorsOf(type, edit(example(type), path, value, remove === true))).toContain(want);
  });
});

describe('documented nullable fields accept null', () => {
  const cases: Array<{ type: EventType; path: Path }> = [
    { type: 'kick.chat.message.sent.v1', path: ['replies_to'] },
    { type: 'kick.chat.message.sent.v1', path: ['sender', 'identity'] },
    { type: 'kick.chat.message.sent.v1', path: ['broadcaster', 'identity'] },
    { type: 'kick.channel.subscription.gifts.v1', path: ['gifter', 'user_id'] },
    { type: 'kick.channel.subscription.gifts.v1', path: ['gifter', 'username'] },
    { type: 'kick.livestream.status.updated.v1', path: ['ended_at'] },
    { type: 'kick.moderation.banned.v1', path: ['metadata', 'expires_at'] },
  ];
  it.each(cases)('$type: $path', ({ type, path }) => {
    expect(errorsOf(type, edit(example(type), path, null))).toEqual([]);
  });
});

describe('undocumented fields pass through', () => {
  it.each(EVENT_TYPES.map((t) => [t] as const))('%s accepts an unknown top-level and nested field', (type) => {
    const withExtra = edit(example(type), ['a_field_added_later'], { nested: [1, 'two'] });
    expect(errorsOf(type, withExtra)).toEqual([]);
  });
  it('an open provider enum accepts a new value', () => {
    expect(errorsOf('kick.channel.reward.redemption.updated.v1', edit(example('kick.channel.reward.redemption.updated.v1'), ['status'], 'refunded'))).toEqual([]);
    expect(errorsOf('kick.kicks.gifted.v1', edit(example('kick.kicks.gifted.v1'), ['gift', 'tier'], 'ULTRA'))).toEqual([]);
  });
  it('Sumsub sandboxMode may arrive as a string, and createdAtMs is a date string, not a number', () => {
    const reviewed = example('sumsub.applicant_reviewed.v1');
    expect(errorsOf('sumsub.applicant_reviewed.v1', edit(reviewed, ['sandboxMode'], 'false'))).toEqual([]);
    expect(errorsOf('sumsub.applicant_reviewed.v1', edit(reviewed, ['createdAtMs'], 1582291399321))).toContain('/createdAtMs type');
  });
});

describe('subject rules', () => {
  const all = EVENT_TYPES.flatMap((type) => eventExamples[type].map((x) => [type, x.name, x.payload] as const));
  it.each(all)('%s (%s) has the subject its provider rule names', (type, _name, payload) => {
    const data = payload as { broadcaster?: { user_id: number }; broadcaster_user_id?: number; applicantId?: string };
    const want = type.startsWith('sumsub.')
      ? `sumsub/applicant/${data.applicantId ?? ''}`
      : `kick/broadcaster/${data.broadcaster?.user_id ?? data.broadcaster_user_id ?? ''}`;
    const subjectOf = eventCatalogue[type].subjectOf as (d: unknown) => string;
    expect(subjectOf(payload)).toBe(want);
    expect(want).toMatch(/\/[0-9a-f]+$/);
  });
});
