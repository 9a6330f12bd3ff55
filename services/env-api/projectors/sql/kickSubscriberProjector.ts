/**
 * The projector body shared by `channel.subscription.new` and `channel.subscription.renewal`: the
 * two payloads are alike and land in `kick_subscriptions` the same way, differing only in `kind`.
 * Idempotency and ordering are kickUpsertSubscriptions.ts's.
 */
import type { EnvelopeOf, ProjectorOutcome } from '../../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from '../projectorTx.ts';
import { upsertSubscriptions } from './kickUpsertSubscriptions.ts';
import { instantOrNull, integerOrNull } from './kickValues.ts';
import { kickVersionOf } from './kickVersion.ts';

type SubscriberType = 'kick.channel.subscription.new.v1' | 'kick.channel.subscription.renewal.v1';

/** Writes the subscriber's row (duration, `subscribed_at` = `created_at` else the envelope time, `expires_at`). */
export async function projectSubscriber(event: EnvelopeOf<SubscriberType>, tx: ProjectorTx, kind: 'new' | 'renewal'): Promise<ProjectorOutcome> {
  const version = kickVersionOf(event);
  const { data } = event;
  const statement = upsertSubscriptions(
    data.broadcaster.user_id,
    [
      {
        subscriberUserId: data.subscriber.user_id,
        subscriberUsername: data.subscriber.username ?? null,
        kind,
        durationMonths: integerOrNull(data.duration),
        subscribedAt: instantOrNull(data.created_at) ?? version.time,
        expiresAt: instantOrNull(data.expires_at),
      },
    ],
    version,
  );
  if (statement !== null) await tx.query(statement);
  return { status: 'processed' };
}
