/**
 * Projector for `kick.livestream.metadata.updated.v1` (Kick `livestream.metadata.updated`) into
 * `kick_livestreams`: the channel's metadata group (language, mature flag, category) and its title
 * (sql/kickUpsertLivestream.ts). It never touches is_live, started_at or ended_at.
 *
 * Idempotency: the group versions make a second application a no-op. Ordering: none assumed; a
 * metadata update older than the row's metadata (or title) changes neither.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLivestream } from './sql/kickUpsertLivestream.ts';
import { booleanOrNull, integerOrNull, textOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.livestream.metadata.updated.v1', ProjectorTx> = async (event, tx) => {
  const { metadata } = event.data;
  const facts = {
    status: null,
    metadata: {
      language: textOrNull(metadata.language),
      hasMatureContent: booleanOrNull(metadata.has_mature_content),
      categoryId: integerOrNull(metadata.category?.id),
      categoryName: textOrNull(metadata.category?.name),
    },
    title: textOrNull(metadata.title),
  };
  await tx.query(upsertLivestream(event.data.broadcaster.user_id, facts, kickVersionOf(event)));
  return { status: 'processed' };
};
