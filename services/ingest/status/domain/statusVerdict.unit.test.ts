import { describe, expect, it } from 'vitest';
import type { IngestStatus, TargetCounts } from '../../../../generated/openapi/ingest.schemas.ts';
import { seconds, statusVerdict } from './statusVerdict.ts';

const limits = { maxLagSeconds: 300, maxRawSinkBacklog: 100 };

function target(name: string, lagSeconds: number, pending = lagSeconds > 0 ? 1 : 0): TargetCounts {
  return { target: name, delivered: 10, pending, parked: 0, dead: 0, lagSeconds, oldestPendingAt: null };
}

function status(stages: Partial<IngestStatus['stages']>, targets: TargetCounts[] = []): IngestStatus {
  return {
    generatedAt: '2026-01-02T00:00:00.000Z',
    since: '2026-01-01T00:00:00.000Z',
    stages: { received: 1_000, quarantined: 0, outboxed: 1_000, storedInClickhouse: 1_000, awaitingRawSink: 0, ...stages },
    targets,
    clickhouse: { status: 'up', mode: 'embedded', error: null },
  };
}

describe('statusVerdict', () => {
  it.each([
    ['everything within the thresholds', status({ awaitingRawSink: 100, storedInClickhouse: 900 }, [target('stage', 300)])],
    ['ClickHouse down: reported elsewhere, not judged', status({ storedInClickhouse: null }, [target('stage', 0)])],
    ['dry-run mode (no targets)', status({})],
  ])('is ok with %s', (_name, given) => {
    expect(statusVerdict(given, limits)).toEqual({ kind: 'ok' });
  });

  it.each([
    ['a target lagging', status({}, [target('stage', 10), target('production', 301, 7)]), ['target production: the oldest pending delivery waits 5 min 1 s (more than 5 min 0 s); 7 pending']],
    ['the raw sink backlog', status({ awaitingRawSink: 101 }), ['raw sink: 101 inbox rows wait for ClickHouse (more than 100)']],
    ['ClickHouse missing received events', status({ storedInClickhouse: 899 }), ['ClickHouse: 899 raw events stored of 1000 received, 101 missing (more than 100)']],
  ])('is behind for %s, naming it', (_name, given, reasons) => {
    expect(statusVerdict(given, limits)).toEqual({ kind: 'behind', reasons });
  });

  it('names every stage that is behind', () => {
    const verdict = statusVerdict(status({ awaitingRawSink: 500, storedInClickhouse: 10 }, [target('a', 1_000), target('b', 2_000)]), limits);
    expect(verdict.kind === 'behind' ? verdict.reasons.length : 0).toBe(4);
  });
});

describe('seconds', () => {
  it.each([
    [0, '0 s'],
    [59.9, '59 s'],
    [61, '1 min 1 s'],
    [3_600 * 23 + 120, '23 h 2 min'],
    [86_400 * 40 + 3_600 * 5 + 7, '40 d 5 h'],
  ])('%d → %s', (value, want) => {
    expect(seconds(value)).toBe(want);
  });
});
