/**
 * Projector stubs: for an event type with no projector file yet, codegen writes
 * `services/env-api/projectors/<event type>.ts` answering `unsupported` (its events are parked and
 * replayable, never lost). An existing file is never overwritten. A file still carrying
 * STUB_MARKER counts as stubbed, and codegen lists those.
 */
import type { EventMessage } from './eventModel.ts';

export const STUB_MARKER = '@projector-stub';

/** The file name of an event type's projector (the persisted identifier, verbatim). */
export function projectorFileName(eventType: string): string {
  return `${eventType}.ts`;
}

export function projectorStub(event: EventMessage): string {
  return `/**
 * Projector for \`${event.eventType}\` (${event.provider} \`${event.name}\`). ${STUB_MARKER}
 *
 * Written by \`npm run codegen\` because no projector existed; fill it in and remove the marker.
 * Until then it answers \`unsupported\`: events of this type are parked and replayable, never lost.
 * Idempotency and ordering: a real projector must give the same rows when applied twice and must
 * never let an event with an earlier \`time\` overwrite newer state.
 */
import type { Projector } from '../../../generated/asyncapi/handlers.ts';
import type { ProjectorTx } from './projectorTx.ts';

export const project: Projector<'${event.eventType}', ProjectorTx> = async () => ({
  status: 'unsupported',
  reason: 'no projector for ${event.eventType} in this environment yet',
});
`;
}
