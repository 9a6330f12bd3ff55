import { describe, expect, it } from 'vitest';
import { cloudEventsMode, parseEnvelopes } from './parseEnvelopes.ts';

describe('cloudEventsMode', () => {
  it.each([
    ['application/cloudevents-batch+json', 'batch'],
    ['application/cloudevents+json', 'single'],
    ['Application/CloudEvents+JSON; charset=utf-8', 'single'],
    ['application/json', null],
    ['application/cloudevents', null],
    [undefined, null],
  ])('%s → %s', (contentType, want) => {
    expect(cloudEventsMode(contentType)).toBe(want);
  });
});

describe('parseEnvelopes', () => {
  it('takes an array as a batch and an object as a batch of one', () => {
    expect(parseEnvelopes(Buffer.from('[{"id":"a"},1]'), 'batch')).toEqual({ kind: 'envelopes', items: [{ id: 'a' }, 1] });
    expect(parseEnvelopes(Buffer.from('{"id":"a"}'), 'single')).toEqual({ kind: 'envelopes', items: [{ id: 'a' }] });
  });

  it.each([
    ['{"id":"a"}', 'batch'],
    ['[{"id":"a"}]', 'single'],
    ['null', 'single'],
    ['', 'batch'],
    ['[', 'batch'],
  ] as const)('refuses %j as %s', (body, mode) => {
    expect(parseEnvelopes(Buffer.from(body), mode).kind).toBe('invalid');
  });

  it('refuses bytes that are not UTF-8', () => {
    expect(parseEnvelopes(Buffer.from([0x5b, 0x22, 0xff, 0x22, 0x5d]), 'batch')).toEqual({ kind: 'invalid', message: 'the body is not UTF-8 JSON' });
  });
});
