/**
 * Projector for `kick.channel.subscription.gifts.v1` (kick `channel.subscription.gifts`). @projector-stub
 *
 * Written by `npm run codegen` because no projector existed; fill it in and remove the marker.
 * Until then it answers `unsupported`: events of this type are parked and replayable, never lost.
 * Idempotency and ordering: a real projector must give the same rows when applied twice and must
 * never let an event with an earlier `time` overwrite newer state.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';

export const project: Projector<'kick.channel.subscription.gifts.v1', ProjectorTx> = async () => ({
  status: 'unsupported',
  reason: 'no projector for kick.channel.subscription.gifts.v1 in this environment yet',
});
