/**
 * Kick webhooks for the console tests that the stack's test kit does not build: a chat message
 * signed with the simulator's key whose timestamp is days old, so the ingest role quarantines it
 * (`INGEST_TIMESTAMP_OUTSIDE_WINDOW`, DESIGN §5) and an operator's replay releases it.
 */
import { createSign, randomUUID } from 'node:crypto';
import { eventCatalogue } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import type { LocalSecrets } from '../../../shared/runtime/localSecrets.ts';
import type { SignedWebhook } from '../../local/test/localStackTestKit.ts';

/** A chat message sent `ageMs` ago, correctly signed; its message id is its `message_id` too. */
export function signedOldKickChat(secrets: LocalSecrets, ageMs: number, messageId = `01KOLD${randomUUID()}`): SignedWebhook {
  const example = eventExamples['kick.chat.message.sent.v1'][0];
  if (example === undefined) throw new Error('no chat example');
  const body = JSON.stringify({ ...example.payload, message_id: messageId, content: `late hello ${messageId}` });
  const timestamp = new Date(Date.now() - ageMs).toISOString();
  const signature = createSign('RSA-SHA256').update(`${messageId}.${timestamp}.${body}`).sign(secrets.kickSimulatorPrivateKeyPem, 'base64');
  const entry = eventCatalogue['kick.chat.message.sent.v1'];
  return {
    path: '/webhooks/kick',
    body,
    headers: {
      'content-type': 'application/json',
      'kick-event-message-id': messageId,
      'kick-event-subscription-id': '01JSUBSCRIPTION000000000000',
      'kick-event-message-timestamp': timestamp,
      'kick-event-type': entry.providerName,
      'kick-event-version': entry.providerVersion ?? '1',
      'kick-event-signature': signature,
    },
  };
}
