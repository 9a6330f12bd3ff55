import { describe, expect, it } from 'vitest';
import { parseStartArgs } from './startArgs.ts';

describe('parseStartArgs', () => {
  it.each([
    { given: [], want: { kind: 'start', simulate: false, rate: null } },
    { given: ['--simulate'], want: { kind: 'start', simulate: true, rate: null } },
    { given: ['--simulate', '--rate', '25'], want: { kind: 'start', simulate: true, rate: 25 } },
    { given: ['--simulate', '--rate=0.5'], want: { kind: 'start', simulate: true, rate: 0.5 } },
    { given: ['--help'], want: { kind: 'help' } },
  ])('$given', ({ given, want }) => {
    expect(parseStartArgs(given)).toEqual(want);
  });

  it.each([[['--rate', '5']], [['--simulate', '--rate', '0']], [['--simulate', '--rate', 'fast']], [['--simulte']], [['extra']]])('%j is a usage error', (given) => {
    expect(parseStartArgs(given).kind).toBe('usage');
  });
});
