import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardWebhookHeaders, webhookSecretKey } from './standardWebhooks.ts';

const secret = () => `whsec_${randomBytes(32).toString('base64')}`;

describe('standardWebhookHeaders', () => {
  const body = JSON.stringify([{ id: '01946592-7c51-781a-8513-e991a5f80b16', type: 'kick.chat.message.sent.v1', data: { content: 'héllo 👋' } }]);
  const now = Math.floor(Date.now() / 1000);

  it('signs once per secret so the official verifier accepts either secret during a rotation', () => {
    const [oldSecret, newSecret] = [secret(), secret()];
    const headers = standardWebhookHeaders({ id: 'batch-1', timestampSeconds: now, body, secrets: [oldSecret, newSecret] });
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(oldSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(new Webhook(newSecret).verify(body, headers)).toEqual(JSON.parse(body));
    expect(() => new Webhook(secret()).verify(body, headers)).toThrow();
  });

  it('covers id, timestamp and body', () => {
    const s = secret();
    const headers = standardWebhookHeaders({ id: 'batch-1', timestampSeconds: now, body, secrets: [s] });
    expect(() => new Webhook(s).verify(body, { ...headers, 'webhook-id': 'batch-2' })).toThrow();
    expect(() => new Webhook(s).verify(body, { ...headers, 'webhook-timestamp': String(now - 1) })).toThrow();
    expect(() => new Webhook(s).verify(`${body} `, headers)).toThrow();
  });

  it('refuses a target without secrets, or a secret without a key', () => {
    expect(() => standardWebhookHeaders({ id: 'b', timestampSeconds: now, body, secrets: [] })).toThrow(/at least one/);
    expect(() => webhookSecretKey('whsec_')).toThrow(/non-empty/);
  });
});
