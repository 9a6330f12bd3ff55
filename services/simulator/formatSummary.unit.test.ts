import { describe, expect, it } from 'vitest';
import { formatSummary } from './formatSummary.ts';

describe('formatSummary', () => {
  it('says what was sent, how it was answered and how to replay it', () => {
    const lines = formatSummary(
      {
        sent: 100,
        completed: 98,
        byStatus: { '202': 3, '200': 90, error: 5 },
        byType: { 'sumsub.applicant_created.v1': 10, 'kick.chat.message.sent.v1': 90 },
        resent: { duplicate: 2, retry: 1 },
      },
      { seed: 7, elapsedMs: 5000 },
    );
    expect(lines).toEqual([
      'sent 100 webhooks in 5.0 s (20.0/s); replay with --seed 7',
      'answers: 200 × 90, 202 × 3, error × 5 (2 unanswered)',
      'resent: 2 duplicates, 1 retries',
      'by type:',
      '  kick.chat.message.sent.v1        90',
      '  sumsub.applicant_created.v1      10',
    ]);
  });
});
