/**
 * Projector for `kick.chat.message.sent.v1` (Kick `chat.message.sent`) into `kick_chat_messages`:
 * one row per Kick message id with the channel, sender, content, the id of the message it replies
 * to (null when not a reply) and when it was sent (`created_at`, else the envelope time).
 *
 * Idempotency: an upsert on `message_id` that writes only for a newer version, so applying the
 * envelope twice equals once. Ordering: none assumed; should the same message come in two
 * envelopes, the newest version wins whatever the arrival order.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLatest } from './sql/kickUpsertLatest.ts';
import { instantOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.chat.message.sent.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  await tx.query(
    upsertLatest(
      'kick_chat_messages',
      ['message_id'],
      {
        message_id: data.message_id,
        broadcaster_user_id: data.broadcaster.user_id,
        sender_user_id: data.sender.user_id,
        sender_username: data.sender.username ?? null,
        content: data.content,
        replies_to_message_id: data.replies_to?.message_id ?? null,
        sent_at: instantOrNull(data.created_at) ?? version.time,
      },
      version,
    ),
  );
  return { status: 'processed' };
};
