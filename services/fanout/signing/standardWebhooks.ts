/**
 * Standard Webhooks signing (https://www.standardwebhooks.com, providers.md §3) with node:crypto:
 * HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>`, keyed by the base64-decoded part of a
 * `whsec_` secret. The official `standardwebhooks` package verifies what this produces (tests).
 */
import { createHmac } from 'node:crypto';
import { AppError } from '../../shared/errors.ts';

const secretPrefix = 'whsec_';

/** What one attempt signs. */
export interface SignInput {
  /** `webhook-id`: the batch id, the same on every retry. */
  readonly id: string;
  /** `webhook-timestamp`: this attempt, integer Unix seconds. */
  readonly timestampSeconds: number;
  /** The exact body bytes sent, as UTF-8 text. */
  readonly body: string;
  /** Every configured secret of the target (`whsec_<base64>`); more than one while a secret rotates. */
  readonly secrets: readonly string[];
}

/**
 * The HMAC key of a secret: the base64 after `whsec_` (a secret without the prefix is read as
 * bare base64, as the official libraries do). Throws `FANOUT_SECRET_INVALID` for an empty key.
 */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(secretPrefix) ? secret.slice(secretPrefix.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length === 0) throw new AppError('FANOUT_SECRET_INVALID', 'a fan-out secret must be whsec_ followed by a non-empty base64 key');
  return key;
}

/** One `v1,<base64 HMAC-SHA256>` signature of `input` under `secret`. */
export function signWithSecret(input: Omit<SignInput, 'secrets'>, secret: string): string {
  const signed = `${input.id}.${String(input.timestampSeconds)}.${input.body}`;
  return `v1,${createHmac('sha256', webhookSecretKey(secret)).update(signed, 'utf8').digest('base64')}`;
}

/**
 * The headers of one attempt: `webhook-id`, `webhook-timestamp` and `webhook-signature` with one
 * space-separated `v1,` entry per secret, so a receiver holding either the old or the new secret
 * verifies during a rotation. Throws `FANOUT_SECRET_INVALID` when there is no usable secret.
 */
export function standardWebhookHeaders(input: SignInput): Record<'webhook-id' | 'webhook-timestamp' | 'webhook-signature', string> {
  if (input.secrets.length === 0) throw new AppError('FANOUT_SECRET_INVALID', 'a fan-out target needs at least one signing secret');
  return {
    'webhook-id': input.id,
    'webhook-timestamp': String(input.timestampSeconds),
    'webhook-signature': input.secrets.map((secret) => signWithSecret(input, secret)).join(' '),
  };
}
