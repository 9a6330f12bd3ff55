/**
 * Kick's webhook headers and signature (providers.md §1.2–1.3): RSA PKCS#1 v1.5 with SHA-256 over
 * `<Kick-Event-Message-Id>.<Kick-Event-Message-Timestamp>.<raw body>`, standard Base64 in
 * `Kick-Event-Signature`. The simulator signs with its own key pair; the stack trusts its public key.
 */
import { sign, type KeyObject } from 'node:crypto';
import { rfc3339Seconds } from './ids.ts';

/** What one Kick delivery attempt carries, before headers. */
export interface KickMessage {
  /** `Kick-Event-Message-Id`: the same on every attempt of one message. */
  readonly messageId: string;
  readonly subscriptionId: string;
  /** `Kick-Event-Type`, e.g. `chat.message.sent`. */
  readonly name: string;
  readonly body: string;
}

/** Kick's signature of a message id, timestamp and body, standard Base64. */
export function kickSignature(messageId: string, timestamp: string, body: string, privateKey: KeyObject): string {
  return sign('sha256', Buffer.from(`${messageId}.${timestamp}.${body}`, 'utf8'), privateKey).toString('base64');
}

/** The headers of one attempt of `message` sent at `nowMs` (names as Kick documents them). */
export function signKickDelivery(message: KickMessage, nowMs: number, privateKey: KeyObject): Record<string, string> {
  const timestamp = rfc3339Seconds(nowMs);
  return {
    'Content-Type': 'application/json',
    'Kick-Event-Message-Id': message.messageId,
    'Kick-Event-Subscription-Id': message.subscriptionId,
    'Kick-Event-Message-Timestamp': timestamp,
    'Kick-Event-Type': message.name,
    'Kick-Event-Version': '1',
    'Kick-Event-Signature': kickSignature(message.messageId, timestamp, message.body, privateKey),
  };
}
