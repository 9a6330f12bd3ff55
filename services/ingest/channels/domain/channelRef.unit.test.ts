import { describe, expect, it } from 'vitest';
import { describeChannelRef, parseChannelRef } from './channelRef.ts';

describe('parseChannelRef', () => {
  it.each([
    { given: '123456789', want: { kind: 'broadcaster', broadcasterUserId: 123456789 } },
    { given: ' 42 ', want: { kind: 'broadcaster', broadcasterUserId: 42 } },
    { given: 'xqc', want: { kind: 'slug', slug: 'xqc' } },
    { given: 'user_123', want: { kind: 'slug', slug: 'user_123' } },
    { given: '12ab', want: { kind: 'slug', slug: '12ab' } },
  ])('reads $given', ({ given, want }) => {
    expect(parseChannelRef(given)).toEqual(want);
  });

  it.each(['', '   ', '0', '99999999999999999999'])('refuses %j with CHANNEL_REF_INVALID', (given) => {
    expect(() => parseChannelRef(given)).toThrow(expect.objectContaining({ code: 'CHANNEL_REF_INVALID' }));
  });

  it('describes a reference for messages', () => {
    expect(describeChannelRef(parseChannelRef('xqc'))).toBe('slug "xqc"');
    expect(describeChannelRef(parseChannelRef('7'))).toBe('broadcaster user id 7');
  });
});
