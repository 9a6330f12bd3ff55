/**
 * Sumsub webhook digests (reference/providers.md §2.1): `X-Payload-Digest` is the lowercase hex
 * HMAC of the raw body under the webhook's secret key, with the algorithm in
 * `X-Payload-Digest-Alg`. Sumsub signs no timestamp, so there is nothing else to check here.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** `X-Payload-Digest-Alg` values we accept, and their HMAC hash. */
const hashByAlgorithm: Readonly<Record<string, string>> = {
  HMAC_SHA1_HEX: 'sha1',
  HMAC_SHA256_HEX: 'sha256',
  HMAC_SHA512_HEX: 'sha512',
};

/** The algorithm when the header is absent, as in Sumsub's own verification sample. */
export const DEFAULT_SUMSUB_DIGEST_ALG = 'HMAC_SHA256_HEX';

/** The outcome of {@link verifySumsubDigest}. */
export type SumsubDigestResult = { readonly kind: 'valid' } | { readonly kind: 'unknown_algorithm' } | { readonly kind: 'invalid' };

/**
 * Checks `digestHex` against the HMAC of `rawBody` under each of `secrets` (several during a
 * rotation). Comparisons are constant-time, and every secret is tried, so the answer time does not
 * say which secret (or how much of a digest) matched.
 */
export function verifySumsubDigest(rawBody: Buffer, digestHex: string, alg: string | undefined, secrets: readonly string[]): SumsubDigestResult {
  const algorithm = alg ?? DEFAULT_SUMSUB_DIGEST_ALG;
  const hash = Object.hasOwn(hashByAlgorithm, algorithm) ? hashByAlgorithm[algorithm] : undefined;
  if (hash === undefined) return { kind: 'unknown_algorithm' };
  // Compare the hex text rather than decoded bytes: Node's hex decoder stops at the first bad
  // character, so decoding would accept trailing garbage.
  const received = Buffer.from(digestHex.toLowerCase(), 'utf8');
  let matched = false;
  for (const secret of secrets) {
    const expected = Buffer.from(createHmac(hash, secret).update(rawBody).digest('hex'), 'utf8');
    // A different length is a wrong digest; timingSafeEqual would throw on it.
    if (expected.length === received.length && timingSafeEqual(expected, received)) matched = true;
  }
  return matched ? { kind: 'valid' } : { kind: 'invalid' };
}
