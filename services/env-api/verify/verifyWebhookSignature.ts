/**
 * Standard Webhooks verification (reference/providers.md §3) with node:crypto: the signed content
 * is `<webhook-id>.<webhook-timestamp>.<raw body>`, HMAC-SHA256 under each configured key, and
 * `webhook-signature` is a space-separated list of `v1,<base64>` entries (one per sender secret, so
 * secrets rotate without a gap). Entries of other versions are ignored.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far `webhook-timestamp` may be from now, either way (every reference library: 5 minutes). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** The three Standard Webhooks headers as received (undefined when absent). */
export interface WebhookHeaders {
  readonly id: string | undefined;
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

/** The outcome of {@link verifyWebhookSignature}, in the contract's check order. */
export type SignatureVerdict =
  | { readonly kind: 'valid' }
  | { readonly kind: 'missing'; readonly header: 'webhook-id' | 'webhook-timestamp' | 'webhook-signature' }
  | { readonly kind: 'outside_tolerance'; readonly reason: string }
  | { readonly kind: 'invalid' };

const timestampPattern = /^[0-9]+$/;

/**
 * Checks the headers of a request with body `rawBody` against `keys` (decoded secrets) at `nowMs`.
 * Every (entry, key) pair is compared in constant time and none returns early, so the answer time
 * says nothing about which secret or how much of a signature matched.
 */
export function verifyWebhookSignature(headers: WebhookHeaders, rawBody: Buffer, keys: readonly Buffer[], nowMs: number): SignatureVerdict {
  const { id, timestamp, signature } = headers;
  if (id === undefined || id === '') return { kind: 'missing', header: 'webhook-id' };
  if (timestamp === undefined || timestamp === '') return { kind: 'missing', header: 'webhook-timestamp' };
  if (signature === undefined || signature.trim() === '') return { kind: 'missing', header: 'webhook-signature' };

  if (!timestampPattern.test(timestamp)) return { kind: 'outside_tolerance', reason: 'webhook-timestamp is not integer Unix seconds' };
  const skewSeconds = Number(timestamp) - Math.floor(nowMs / 1000);
  if (Math.abs(skewSeconds) > SIGNATURE_TOLERANCE_SECONDS) {
    const direction = skewSeconds < 0 ? 'old' : 'ahead';
    return { kind: 'outside_tolerance', reason: `webhook-timestamp is ${String(Math.abs(skewSeconds))} s ${direction}; the tolerance is ${String(SIGNATURE_TOLERANCE_SECONDS)} s` };
  }

  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), rawBody]);
  // Compare the base64 text, not decoded bytes: Node's decoder skips unknown characters, so
  // decoding would accept a signature with junk added.
  const expected = keys.map((key) => Buffer.from(createHmac('sha256', key).update(signed).digest('base64'), 'utf8'));
  const received = signature
    .split(' ')
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => Buffer.from(entry.slice(3), 'utf8'));
  let matched = false;
  for (const candidate of received) {
    for (const wanted of expected) {
      // A different length is a wrong signature; timingSafeEqual would throw on it.
      if (candidate.length === wanted.length && timingSafeEqual(candidate, wanted)) matched = true;
    }
  }
  return matched ? { kind: 'valid' } : { kind: 'invalid' };
}
