import { describe, expect, it } from 'vitest';
import { rfc3339Millis, rfc3339Seconds, rfc3339WithOffset, stableUlid, sumsubTimestamp, ulid, uuid } from './ids.ts';
import { createPrng } from './prng.ts';

const AT = Date.UTC(2025, 0, 14, 16, 8, 6, 321);

describe('ids', () => {
  it('makes ULIDs whose first 10 characters encode the time, sorting by time', () => {
    const prng = createPrng(1);
    const early = ulid(AT, prng);
    const late = ulid(AT + 1, prng);
    expect(early).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(early < late).toBe(true);
    expect(ulid(0, prng).slice(0, 10)).toBe('0000000000');
  });

  it('makes the same stable ULID for the same key only', () => {
    expect(stableUlid('subscription:1:chat.message.sent')).toBe(stableUlid('subscription:1:chat.message.sent'));
    expect(stableUlid('subscription:1:chat.message.sent')).not.toBe(stableUlid('subscription:2:chat.message.sent'));
    expect(stableUlid('x')).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });

  it('makes version 4 UUIDs', () => {
    expect(uuid(createPrng(2))).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('formats the providers timestamps', () => {
    expect(rfc3339Seconds(AT)).toBe('2025-01-14T16:08:06Z');
    expect(rfc3339Millis(AT)).toBe('2025-01-14T16:08:06.321Z');
    expect(rfc3339WithOffset(AT, 660)).toBe('2025-01-15T03:08:06+11:00');
    expect(Date.parse(rfc3339WithOffset(AT, -90))).toBe(Date.parse(rfc3339Seconds(AT)));
    expect(sumsubTimestamp(AT)).toBe('2025-01-14 16:08:06.321');
  });
});
