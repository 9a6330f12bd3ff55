import { describe, expect, it } from 'vitest';
import { classifyHttpStatus } from './classifyHttpStatus.ts';

describe('classifyHttpStatus', () => {
  it.each([
    [200, { kind: 'answered' }],
    [413, { kind: 'too_large' }],
    [500, { kind: 'retry', alert: null }],
    [503, { kind: 'retry', alert: null }],
    [429, { kind: 'retry', alert: null }],
    [401, { kind: 'retry', alert: '401' }],
    [403, { kind: 'retry', alert: '403' }],
    [400, { kind: 'retry', alert: 'other_4xx' }],
    [415, { kind: 'retry', alert: 'other_4xx' }],
    [202, { kind: 'retry', alert: 'invalid_answer' }],
    [302, { kind: 'retry', alert: 'invalid_answer' }],
  ])('HTTP %i → %j', (status, want) => {
    expect(classifyHttpStatus(status)).toEqual(want);
  });
});
