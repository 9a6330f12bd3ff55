import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { fanoutCrontab } from './fanout.ts';

describe('fanoutCrontab', () => {
  it('wakes each target every minute in its queue under the accept path’s job key', () => {
    const items = parseCrontab(fanoutCrontab([{ name: 'stage' }, { name: 'prod-eu' }]));

    expect(items.map((i) => [i.identifier, i.task, i.payload, i.options.queueName, i.options.jobKey, i.options.jobKeyMode])).toEqual([
      ['fanout_stage', 'fanout', { target: 'stage' }, 'fanout:stage', 'fanout:stage', 'preserve_run_at'],
      ['fanout_prod-eu', 'fanout', { target: 'prod-eu' }, 'fanout:prod-eu', 'fanout:prod-eu', 'preserve_run_at'],
    ]);
  });

  it('still gives a target whose name graphile cannot take as a cron queue a line of its own', () => {
    const items = parseCrontab(fanoutCrontab([{ name: 'stage.eu' }]));

    expect(items.map((i) => [i.identifier, i.payload, i.options.queueName, i.options.jobKey])).toEqual([['fanout_stage_eu', { target: 'stage.eu' }, undefined, 'fanout:stage.eu:cron']]);
  });

  it('is empty in dry-run mode', () => {
    expect(parseCrontab(fanoutCrontab([]))).toEqual([]);
  });
});
