import { describe, expect, it } from 'vitest';
import { subjectExpression } from './subjectRule.ts';

const schema = {
  type: 'object',
  required: ['broadcaster', 'applicantId', 'gifter'],
  properties: {
    broadcaster: { type: 'object', required: ['user_id'], properties: { user_id: { type: 'integer' }, slug: { type: 'string' } } },
    applicantId: { type: 'string' },
    gifter: { type: 'object', required: ['user_id'], properties: { user_id: { type: ['integer', 'null'] } } },
  },
};

describe('subjectExpression', () => {
  const cases = [
    { template: 'kick/broadcaster/{broadcaster.user_id}', want: '`kick/broadcaster/${String(d.broadcaster.user_id)}`' },
    { template: 'sumsub/applicant/{applicantId}', want: '`sumsub/applicant/${String(d.applicantId)}`' },
  ];
  it.each(cases)('$template', ({ template, want }) => {
    expect(subjectExpression(template, schema, 'd', 'w')).toBe(want);
  });
  it('follows allOf bases', () => {
    const withBase = { allOf: [{ type: 'object', required: ['applicantId'], properties: { applicantId: { type: 'string' } } }] };
    expect(subjectExpression('s/{applicantId}', withBase, 'd', 'w')).toBe('`s/${String(d.applicantId)}`');
  });
  const failures = [
    { template: 'kick/broadcaster/{broadcaster.slug}', error: /"slug" must be a required property/ },
    { template: 'kick/gifter/{gifter.user_id}', error: /"user_id" must not be nullable/ },
    { template: 'kick/static', error: /names no payload field/ },
  ];
  it.each(failures)('rejects $template', ({ template, error }) => {
    expect(() => subjectExpression(template, schema, 'd', 'w')).toThrow(error);
  });
});
