import { describe, expect, it } from 'vitest';
import { eventTypeLabel } from './eventTypeLabel.ts';

describe('eventTypeLabel', () => {
  it.each([
    [{ source: 'kick', eventType: 'chat.message.sent', eventVersion: '1' }, 'kick.chat.message.sent.v1'],
    [{ source: 'kick', eventType: 'chat.message.sent', eventVersion: '9' }, 'unknown:kick'],
    [{ source: 'kick', eventType: null, eventVersion: null }, 'unknown:kick'],
    [{ source: 'sumsub', eventType: 'applicantReviewed', eventVersion: null }, 'sumsub.applicant_reviewed.v1'],
    [{ source: 'sumsub', eventType: 'applicantExploded', eventVersion: null }, 'unknown:sumsub'],
    [{ source: 'kick_probe', eventType: 'kick.viewer_probe', eventVersion: '1' }, 'kick.viewer_probe.v1'],
  ])('%o counts as %s', (row, want) => {
    expect(eventTypeLabel(row)).toBe(want);
  });
});
