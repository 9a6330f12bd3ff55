import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageLimit, providerTypeLabel, validationIssues } from './quarantineEntry.ts';

describe('the quarantine page cursor', () => {
  it.each([['1'], ['42'], ['9223372036854775807']])('round-trips the quarantine id %s', (id) => {
    expect(decodeCursor(encodeCursor(id))).toBe(id);
  });

  it.each([
    ['not base64url', 'a+b/c='],
    ['no prefix', Buffer.from('42').toString('base64url')],
    ['not a number', Buffer.from('q1:abc').toString('base64url')],
    ['zero', Buffer.from('q1:0').toString('base64url')],
    ['beyond bigint', Buffer.from('q1:9223372036854775808').toString('base64url')],
  ])('refuses %s with INGEST_QUERY_INVALID', (_name, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(expect.objectContaining({ code: 'INGEST_QUERY_INVALID' }));
  });
});

describe('pageLimit', () => {
  it.each([[undefined, 50], [1, 1], [500, 500]])('takes %s as %s', (given, want) => {
    expect(pageLimit(given)).toBe(want);
  });

  it.each([[0], [501], [2.5]])('refuses %s', (given) => {
    expect(() => pageLimit(given)).toThrow(expect.objectContaining({ code: 'INGEST_QUERY_INVALID' }));
  });
});

describe('providerTypeLabel', () => {
  it.each([
    ['kick', 'chat.message.sent', '1', 'chat.message.sent/1'],
    ['kick', 'chat.message.sent', null, 'chat.message.sent'],
    ['sumsub', 'applicantReviewed', null, 'applicantReviewed'],
    ['kick', null, '1', null],
    ['sumsub', '', null, null],
  ] as const)('labels %s %s version %s as %s', (source, type, version, want) => {
    expect(providerTypeLabel(source, type, version)).toBe(want);
  });
});

describe('validationIssues', () => {
  it.each([
    ['the stored shape', [{ path: '/broadcaster', message: 'must be object' }], [{ path: '/broadcaster', message: 'must be object' }]],
    ['raw ajv errors', [{ instancePath: '/x', message: 'must be string', keyword: 'type' }], [{ path: '/x', message: 'must be string' }]],
    ['a parse message', ['Unexpected token'], [{ path: '', message: 'Unexpected token' }]],
    ['nothing', null, []],
  ])('reads %s', (_name, stored, want) => {
    expect(validationIssues(stored)).toEqual(want);
  });
});
