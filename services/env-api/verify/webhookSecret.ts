/**
 * Standard Webhooks secrets (reference/providers.md §3): shown as `whsec_<base64>`; the HMAC key is
 * the base64-decoded part after the prefix. A secret given without the prefix is read the same way,
 * as the reference libraries do.
 */
import { AppError } from '../../shared/errors.ts';

const PREFIX = 'whsec_';
const base64Pattern = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The HMAC key of `secret`.
 *
 * @throws AppError `ENVAPI_SECRET_INVALID` when the secret is empty or not base64 (the value is
 *   never echoed: it is a secret).
 */
export function decodeWebhookSecret(secret: string, position: number): Buffer {
  const encoded = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret;
  // Node's base64 decoder skips characters it does not know: check the text, or a typo would
  // silently change the key.
  const key = base64Pattern.test(encoded) ? Buffer.from(encoded, 'base64') : Buffer.alloc(0);
  if (key.length === 0) {
    throw new AppError('ENVAPI_SECRET_INVALID', `INTERNAL_EVENTS_SECRETS entry ${String(position + 1)} is not a whsec_<base64> secret`);
  }
  return key;
}
