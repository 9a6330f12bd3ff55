import { describe, expect, it } from 'vitest';
import { planDeliveries, type PlannedMember } from './planDeliveries.ts';

const members: PlannedMember[] = [
  { deliveryId: '1', envelopeId: 'e1', attempts: 0 },
  { deliveryId: '2', envelopeId: 'e2', attempts: 0 },
  { deliveryId: '3', envelopeId: 'e3', attempts: 2 },
];

describe('planDeliveries', () => {
  it('marks processed and duplicate done, parks unsupported, dead-letters rejected with the reason', () => {
    const plan = planDeliveries(
      members,
      [
        { id: 'e1', status: 'processed' },
        { id: 'e2', status: 'unsupported', error: { code: 'ENVAPI_EVENT_TYPE_UNKNOWN', message: 'unknown here' } },
        { id: 'e3', status: 'rejected', error: { code: 'ENVAPI_DATA_INVALID', message: '/data/x must be string' } },
      ],
      25,
    );
    expect(plan).toEqual([
      { kind: 'done', deliveryId: '1', outcome: 'processed', attempts: 1 },
      { kind: 'parked', deliveryId: '2', outcome: 'unsupported', attempts: 1, error: 'ENVAPI_EVENT_TYPE_UNKNOWN: unknown here' },
      { kind: 'dead', deliveryId: '3', envelopeId: 'e3', outcome: 'rejected', attempts: 3, reason: 'rejected', error: 'ENVAPI_DATA_INVALID: /data/x must be string' },
    ]);
  });

  it('retries failed and missing events until the attempts are used up', () => {
    const plan = planDeliveries(members, [{ id: 'e1', status: 'failed', error: { code: 'ENVAPI_PROJECTOR_FAILED', message: 'boom' } }, { id: 'e3', status: 'failed' }], 3);
    expect(plan.map((d) => [d.kind, d.outcome, d.attempts])).toEqual([
      ['retry', 'failed', 1],
      ['retry', 'missing', 1],
      ['dead', 'failed', 3],
    ]);
    expect(plan[2]).toMatchObject({ reason: 'max_attempts' });
  });

  it('matches a result by batch index when the receiver could not read the id, and ignores strangers', () => {
    const plan = planDeliveries(members, [{ index: 1, status: 'duplicate' }, { id: 'elsewhere', status: 'rejected' }, { id: 'e1', status: 'duplicate' }, { id: 'e1', status: 'failed' }], 25);
    expect(plan.map((d) => d.outcome)).toEqual(['duplicate', 'duplicate', 'missing']);
  });
});
