/**
 * Sumsub's webhook digest (providers.md §2.1): lowercase hex HMAC-SHA256 of the raw body under the
 * webhook's secret key, named in `X-Payload-Digest-Alg`. Nothing else is signed, so a Sumsub resend
 * is byte-for-byte the same request.
 */
import { createHmac } from 'node:crypto';

/** The hex HMAC-SHA256 of `body` under `secret`. */
export function sumsubDigest(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body, 'utf8').digest('hex');
}

/** The headers of a Sumsub delivery of `body`. */
export function signSumsubDelivery(body: string, secret: string): Record<string, string> {
  return { 'Content-Type': 'application/json', 'X-Payload-Digest': sumsubDigest(body, secret), 'X-Payload-Digest-Alg': 'HMAC_SHA256_HEX' };
}
