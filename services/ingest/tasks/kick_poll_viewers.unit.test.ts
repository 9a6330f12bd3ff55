import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { kickPollViewersCron, kickPollViewersIdentifier, scheduledMinuteOf } from './kick_poll_viewers.ts';

const now = new Date('2026-11-21T10:07:42.123Z');

describe('scheduledMinuteOf', () => {
  it.each([
    { name: 'the cron timestamp graphile stamped on the job', payload: { _cron: { ts: '2026-11-21T10:05:00.000Z', backfilled: false } }, want: '2026-11-21T10:05:00.000Z' },
    { name: 'a cron timestamp with seconds, truncated', payload: { _cron: { ts: '2026-11-21T10:05:30.500Z' } }, want: '2026-11-21T10:05:00.000Z' },
    { name: 'the current minute for a job queued by hand', payload: {}, want: '2026-11-21T10:07:00.000Z' },
    { name: 'the current minute for a null payload', payload: null, want: '2026-11-21T10:07:00.000Z' },
    { name: 'the current minute for an unreadable cron timestamp', payload: { _cron: { ts: 'soon' } }, want: '2026-11-21T10:07:00.000Z' },
    { name: 'the current minute for a cron timestamp of the wrong type', payload: { _cron: { ts: 1 } }, want: '2026-11-21T10:07:00.000Z' },
  ])('takes $name', ({ payload, want }) => {
    expect(scheduledMinuteOf(payload, now).toISOString()).toBe(want);
  });
});

describe('kickPollViewersCron', () => {
  it('runs the task every minute, in its own queue, without backfill', () => {
    const [item, extra] = parseCrontab(kickPollViewersCron);
    expect(extra).toBeUndefined();
    expect(item).toMatchObject({ task: kickPollViewersIdentifier, options: { queueName: kickPollViewersIdentifier, backfillPeriod: 0, maxAttempts: 3 } });
    // Matches every minute of the day.
    const digest = { min: 37, hour: 13, date: 5, month: 2, dow: 4 };
    expect(item?.match(digest)).toBe(true);
  });
});
