import { describe, expect, it } from 'vitest';
import { EVENT_TYPES, eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { envelopeExamples } from '../../../generated/asyncapi/examples.ts';
import { checkEnvelope, envelopeRef } from './checkEnvelope.ts';

const example = envelopeExamples[0];
if (example === undefined) throw new Error('the contract has no envelope example');

function withChange(change: Record<string, unknown>): Record<string, unknown> {
  return { ...structuredClone(example), ...change };
}

describe('checkEnvelope', () => {
  it.each(envelopeExamples.map((envelope) => ({ type: envelope.type, envelope })))('passes the contract envelope example of $type', ({ envelope }) => {
    const check = checkEnvelope(envelope, 0);
    expect(check.kind).toBe('apply');
    if (check.kind === 'apply') expect(check.key).toEqual({ id: envelope.id, type: envelope.type, time: new Date(envelope.time).toISOString(), subject: envelope.subject });
  });

  it('normalises the time to a UTC instant', () => {
    const check = checkEnvelope(withChange({ time: '2025-01-14T18:08:06.5+02:00' }), 0);
    expect(check.kind === 'apply' ? check.key.time : check.result).toBe('2025-01-14T16:08:06.500Z');
  });

  it('knows every contract type', () => {
    for (const type of EVENT_TYPES) {
      const check = checkEnvelope(withChange({ type, dataschema: eventCatalogue[type].dataschema }), 0);
      // The example's data belongs to one type: the others answer DATA_INVALID, never unknown.
      expect(check.kind === 'answered' ? check.result.error?.code : check.kind).not.toBe('ENVAPI_EVENT_TYPE_UNKNOWN');
    }
  });

  it.each([
    { name: 'a missing attribute', change: { subject: undefined }, message: "envelope must have required property 'subject'" },
    { name: 'a wrong specversion', change: { specversion: '0.3' }, message: 'envelope/specversion must be equal to constant' },
    { name: 'an extension name CloudEvents forbids', change: { vf_trace: 'x' }, message: 'envelope property name must be valid' },
    { name: 'data that is not an object', change: { data: 'text' }, message: 'envelope/data must be object' },
  ])('rejects $name as ENVAPI_ENVELOPE_INVALID with the path', ({ change, message }) => {
    const envelope = withChange(change);
    if (change.subject === undefined && 'subject' in change) delete envelope.subject;
    const check = checkEnvelope(envelope, 3);
    expect(check).toMatchObject({ kind: 'answered', result: { id: example.id, status: 'rejected', error: { code: 'ENVAPI_ENVELOPE_INVALID' } } });
    expect(check.kind === 'answered' ? check.result.error?.message : '').toContain(message);
  });

  it('answers unsupported for a well-formed type this environment does not know', () => {
    expect(checkEnvelope(withChange({ type: 'kick.chat.message.sent.v2' }), 0)).toMatchObject({
      kind: 'answered',
      type: 'kick.chat.message.sent.v2',
      result: { status: 'unsupported', error: { code: 'ENVAPI_EVENT_TYPE_UNKNOWN', message: 'type kick.chat.message.sent.v2 is unknown to this environment' } },
    });
  });

  it('rejects data that fails its type schema with the data path', () => {
    const data = structuredClone(example.data) as { broadcaster: Record<string, unknown> };
    delete data.broadcaster.user_id;
    expect(checkEnvelope(withChange({ data }), 0)).toMatchObject({
      kind: 'answered',
      result: { status: 'rejected', error: { code: 'ENVAPI_DATA_INVALID', message: "data/broadcaster must have required property 'user_id'" } },
    });
  });
});

describe('envelopeRef', () => {
  it.each([
    [{ id: 'abc' }, 4, { id: 'abc' }],
    [{ id: 7 }, 4, { index: 4 }],
    [{}, 0, { index: 0 }],
    [['id'], 2, { index: 2 }],
    [null, 1, { index: 1 }],
  ])('names %j at %i as %j', (item, index, want) => {
    expect(envelopeRef(item, index)).toEqual(want);
  });
});
