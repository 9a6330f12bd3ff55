import { describe, expect, it } from 'vitest';
import { parseSimulateArgs, type SimulateArgsResult } from './simulateArgs.ts';

function parse(argv: string[]): { result: SimulateArgsResult; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const result = parseSimulateArgs(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { result, out, err };
}

describe('parseSimulateArgs', () => {
  it('defaults to 20 events per second, until Ctrl-C, a random seed and 8 channels', () => {
    expect(parse([]).result).toEqual({ kind: 'run', args: { rate: 20, durationMs: null, seed: null, channels: 8 } });
  });

  it('reads rate, duration in seconds, seed and channels', () => {
    expect(parse(['--rate', '150', '--duration', '2.5', '--seed', '42', '--channels', '3']).result).toEqual({ kind: 'run', args: { rate: 150, durationMs: 2500, seed: 42, channels: 3 } });
  });

  it('answers a usage error with exit code 2 and says why', () => {
    const { result, err } = parse(['--rate', '0']);
    expect(result).toEqual({ kind: 'exit', code: 2 });
    expect(err.join('\n')).toMatch(/--rate.*positive number/);
    expect(parse(['--seed', '1.5']).result).toEqual({ kind: 'exit', code: 2 });
    expect(parse(['--bogus']).result).toEqual({ kind: 'exit', code: 2 });
  });

  it('prints help and exits 0', () => {
    const { result, out } = parse(['--help']);
    expect(result).toEqual({ kind: 'exit', code: 0 });
    expect(out.join('\n')).toContain('--duration <seconds>');
  });
});
