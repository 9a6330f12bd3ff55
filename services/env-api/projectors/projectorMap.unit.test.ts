import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import type { ProjectorMap } from '../../../generated/asyncapi/handlers.ts';
import { projectors } from './index.ts';
import type { ProjectorTx } from './projectorTx.ts';

describe('the projector map', () => {
  it('has exactly one projector per contract event type', () => {
    expect(Object.keys(projectors).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('a map missing an event type does not type-check', () => {
    // @ts-expect-error: ProjectorMap requires every EventType (npm run typecheck fails if this compiles).
    const incomplete: ProjectorMap<ProjectorTx> = { 'kick.chat.message.sent.v1': projectors['kick.chat.message.sent.v1'] };
    expect(Object.keys(incomplete)).toHaveLength(1);
  });
});
