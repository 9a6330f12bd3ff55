/**
 * Projector for `kick.livestream.status.updated.v1` (Kick `livestream.status.updated`) into
 * `kick_livestreams`: the channel's status group (is_live, started_at, ended_at) and, when the
 * event carries one, its title (sql/kickUpsertLivestream.ts). Stream sessions themselves are kept
 * in dm by the ingest tier; this row is the environment's current view of the channel.
 *
 * Idempotency: the group versions make a second application a no-op. Ordering: none assumed; a
 * `started` that arrives after the `ended` that followed it changes nothing, so both orders end
 * not live with both times set.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLivestream } from './sql/kickUpsertLivestream.ts';
import { instantOrNull, textOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.livestream.status.updated.v1', ProjectorTx> = async (event, tx) => {
  const { data } = event;
  const status = { isLive: data.is_live, startedAt: instantOrNull(data.started_at), endedAt: instantOrNull(data.ended_at) };
  await tx.query(upsertLivestream(data.broadcaster.user_id, { status, metadata: null, title: textOrNull(data.title) }, kickVersionOf(event)));
  return { status: 'processed' };
};
