import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRateScheduler } from './rateScheduler.ts';

describe('startRateScheduler', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('starts tasks at the rate', async () => {
    let started = 0;
    const scheduler = startRateScheduler({ ratePerSecond: 50, maxInFlight: 10, now: () => Date.now(), task: async () => void (started += 1) });
    await vi.advanceTimersByTimeAsync(2000);
    expect(started).toBeGreaterThanOrEqual(99);
    expect(started).toBeLessThanOrEqual(101);
    await scheduler.stop();
  });

  it('never runs more than maxInFlight at once, and drops what it could not start on time', async () => {
    const release: (() => void)[] = [];
    const scheduler = startRateScheduler({ ratePerSecond: 100, maxInFlight: 3, now: () => Date.now(), task: () => new Promise<void>((resolve) => release.push(resolve)) });
    await vi.advanceTimersByTimeAsync(3000);
    expect(release).toHaveLength(3);
    expect(scheduler.inFlight()).toBe(3);
    expect(scheduler.slipped()).toBeGreaterThan(100);
    const stopping = scheduler.stop();
    let stopped = false;
    void stopping.then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(stopped).toBe(false);
    for (const done of release) done();
    await stopping;
    expect(scheduler.inFlight()).toBe(0);
  });

  it('stops by itself after durationMs and resolves finished', async () => {
    let started = 0;
    const scheduler = startRateScheduler({ ratePerSecond: 10, maxInFlight: 5, durationMs: 1000, now: () => Date.now(), task: async () => void (started += 1) });
    await vi.advanceTimersByTimeAsync(5000);
    await scheduler.finished;
    expect(started).toBe(10);
  });

  it('keeps going when a task rejects', async () => {
    let calls = 0;
    const scheduler = startRateScheduler({
      ratePerSecond: 20,
      maxInFlight: 2,
      now: () => Date.now(),
      task: async () => {
        calls += 1;
        throw new Error('boom');
      },
    });
    await vi.advanceTimersByTimeAsync(1000);
    expect(calls).toBeGreaterThanOrEqual(19);
    await scheduler.stop();
  });

  it('refuses a rate that is not positive', () => {
    expect(() => startRateScheduler({ ratePerSecond: 0, maxInFlight: 1, task: async () => undefined })).toThrow(RangeError);
  });
});
