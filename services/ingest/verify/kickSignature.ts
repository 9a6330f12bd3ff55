/**
 * Kick webhook signatures (reference/providers.md §1.3): RSA PKCS#1 v1.5 over the SHA-256 of
 * `<Kick-Event-Message-Id>.<Kick-Event-Message-Timestamp>.<raw body>`, sent as standard Base64 in
 * `Kick-Event-Signature`. The header values are used exactly as received and the body as bytes:
 * re-serialised JSON would not verify.
 */
import { verify, type KeyObject } from 'node:crypto';

/** What a Kick signature covers, as received. */
export interface KickSignedMessage {
  readonly messageId: string;
  readonly timestamp: string;
  readonly rawBody: Buffer;
  /** The `Kick-Event-Signature` header (standard Base64). */
  readonly signature: string;
}

// Node's Base64 decoder skips characters it does not know, so check the alphabet first: a
// malformed header is a failed signature, not bytes that happen to decode.
const standardBase64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * True when `input.signature` is Kick's signature of the message under `key`. A malformed
 * signature or an unusable key answers false: it never throws, so a forged request cannot turn
 * into a 500.
 */
export function verifyKickSignature(input: KickSignedMessage, key: KeyObject): boolean {
  if (input.signature.length === 0 || !standardBase64.test(input.signature)) return false;
  // Node decodes header values as latin1, so latin1 gives back the bytes Kick signed.
  const signed = Buffer.concat([Buffer.from(`${input.messageId}.${input.timestamp}.`, 'latin1'), input.rawBody]);
  try {
    return verify('sha256', signed, key, Buffer.from(input.signature, 'base64'));
  } catch {
    // A key of another type (EC, symmetric) or a signature of the wrong length for the key.
    return false;
  }
}
