import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import { PROJECTOR_NAMES, projectorCatalogue } from './projectorCatalogue.ts';

describe('projectorCatalogue', () => {
  it('gives every event type of the contract to exactly one projector', () => {
    const types = PROJECTOR_NAMES.flatMap((name) => projectorCatalogue[name].types);
    expect([...types].sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('names each projector after a table it rebuilds, and never shares a table', () => {
    const tables = PROJECTOR_NAMES.flatMap((name) => projectorCatalogue[name].tables);
    expect(new Set(tables).size).toBe(tables.length);
    for (const name of PROJECTOR_NAMES) expect(projectorCatalogue[name].tables).toContain(name);
    expect(tables).not.toContain('processed_events');
    expect(tables).not.toContain('streamer_channel_link');
  });
});
