import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyKickSignature } from './kickSignature.ts';

const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });

const messageId = '01JHJS8DY0JMATT6BD9WWCJ285';
const timestamp = '2025-01-14T16:10:00Z';
const rawBody = Buffer.from('{"broadcaster":{"user_id":123456789}}');

function kickSign(id: string, ts: string, body: Buffer): string {
  return sign('sha256', Buffer.concat([Buffer.from(`${id}.${ts}.`), body]), pair.privateKey).toString('base64');
}

const signature = kickSign(messageId, timestamp, rawBody);

describe('verifyKickSignature', () => {
  it('accepts a signature over <id>.<timestamp>.<raw body>', () => {
    expect(verifyKickSignature({ messageId, timestamp, rawBody, signature }, pair.publicKey)).toBe(true);
  });

  it.each([
    ['body', { rawBody: Buffer.from('{"broadcaster":{"user_id":123456780}}') }],
    ['message id', { messageId: '01JHJS8DY0JMATT6BD9WWCJ286' }],
    ['timestamp', { timestamp: '2025-01-14T16:10:01Z' }],
  ])('refuses a tampered %s', (_part, change) => {
    expect(verifyKickSignature({ messageId, timestamp, rawBody, signature, ...change }, pair.publicKey)).toBe(false);
  });

  it('refuses a signature made with another key', () => {
    expect(verifyKickSignature({ messageId, timestamp, rawBody, signature }, other.publicKey)).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['not Base64', '!!!not-base64!!!'],
    ['URL-safe alphabet', signature.replaceAll('+', '-').replaceAll('/', '_')],
    ['trailing garbage', `${signature}*`],
    ['truncated', signature.slice(0, 40)],
  ])('answers false for a malformed signature (%s)', (_case, bad) => {
    expect(verifyKickSignature({ messageId, timestamp, rawBody, signature: bad }, pair.publicKey)).toBe(false);
  });

  it('answers false, without throwing, for a key that cannot verify RSA signatures', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(verifyKickSignature({ messageId, timestamp, rawBody, signature }, ec.publicKey)).toBe(false);
  });
});
