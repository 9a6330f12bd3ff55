import { beforeAll, describe, expect, it } from 'vitest';
import { eventCatalogue } from '../../../generated/asyncapi/catalogue.ts';
import { createSumsubTraffic, type SumsubTrafficEvent } from './sumsubTraffic.ts';

const START_MS = Date.UTC(2026, 0, 5, 12, 0, 0);

function generate(seed: number, count: number): SumsubTrafficEvent[] {
  const traffic = createSumsubTraffic({ seed });
  // Several events in the same millisecond on purpose: createdAtMs must still increase per applicant.
  return Array.from({ length: count }, (_, i) => traffic.next(START_MS + Math.floor(i / 3)));
}

describe('createSumsubTraffic', () => {
  let events: SumsubTrafficEvent[];
  let byApplicant: Map<string, SumsubTrafficEvent[]>;
  beforeAll(() => {
    events = generate(11, 5000);
    byApplicant = new Map();
    for (const event of events) byApplicant.set(event.applicantId, [...(byApplicant.get(event.applicantId) ?? []), event]);
  });

  it('produces payloads that pass the generated validator of their type', () => {
    const invalid = events.filter((e) => eventCatalogue[e.type].validateData(e.payload) !== true);
    expect(invalid.slice(0, 3)).toEqual([]);
    for (const event of events) expect(event.payload.type).toBe(event.name);
  });

  it('is deterministic for a seed', () => {
    expect(JSON.stringify(generate(11, 300))).toBe(JSON.stringify(events.slice(0, 300)));
  });

  it('starts every flow with applicantCreated and increases createdAtMs per applicant', () => {
    expect(byApplicant.size).toBeGreaterThan(100);
    for (const flow of byApplicant.values()) {
      expect(flow[0]?.name).toBe('applicantCreated');
      const times = flow.map((e) => e.payload.createdAtMs);
      for (let i = 1; i < times.length; i++) expect((times[i] ?? '') > (times[i - 1] ?? '')).toBe(true);
    }
  });

  it('reviews only after pending, GREEN and RED, with on-hold, actions, resets and deletions among the flows', () => {
    for (const flow of byApplicant.values()) {
      const names = flow.map((e) => e.name);
      const reviewed = names.indexOf('applicantReviewed');
      if (reviewed >= 0) expect(names.slice(0, reviewed)).toContain('applicantPending');
      if (names.includes('applicantDeleted')) expect(names.at(-1)).toBe('applicantDeleted');
    }
    const answers = new Set(events.filter((e) => e.name === 'applicantReviewed').map((e) => e.payload.reviewResult?.reviewAnswer));
    expect([...answers].sort()).toEqual(['GREEN', 'RED']);
    const names = new Set(events.map((e) => e.name));
    for (const name of ['applicantOnHold', 'applicantReset', 'applicantActionPending', 'applicantActionReviewed', 'applicantDeleted', 'applicantWorkflowCompleted']) expect(names).toContain(name);
  });
});
