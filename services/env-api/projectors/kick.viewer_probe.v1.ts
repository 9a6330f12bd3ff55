/**
 * Projector for `kick.viewer_probe.v1` (the ingest poller's probe) into `kick_viewer_counts`: one row
 * per (broadcaster, `probed_at`), the scheduled minute, so a retried poll of the same minute writes
 * the same row; `is_live` and `viewer_count` as read.
 *
 * Idempotency: an upsert on the key that writes only for a newer version, so applying the envelope
 * twice equals once. Ordering: none assumed; of two probes of one minute the newest version wins.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';
import { upsertLatest } from './sql/kickUpsertLatest.ts';
import { instantOrNull, integerOrNull } from './sql/kickValues.ts';
import { kickVersionOf } from './sql/kickVersion.ts';

export const project: Projector<'kick.viewer_probe.v1', ProjectorTx> = async (event, tx) => {
  const version = kickVersionOf(event);
  const { data } = event;
  await tx.query(
    upsertLatest(
      'kick_viewer_counts',
      ['broadcaster_user_id', 'probed_at'],
      {
        broadcaster_user_id: data.broadcaster_user_id,
        probed_at: instantOrNull(data.probed_at) ?? version.time,
        is_live: data.is_live,
        viewer_count: integerOrNull(data.viewer_count),
      },
      version,
    ),
  );
  return { status: 'processed' };
};
