/**
 * Whether a status says some stage is behind (`vf status` exits 3), and why, in words an operator
 * can act on. Pure.
 *
 * Behind means: a target's oldest pending delivery is older than the lag threshold; or the raw sink
 * has more inbox rows waiting than its threshold; or ClickHouse holds fewer of the window's raw
 * events than were received, by more than that same threshold (a sink that reports success but
 * loses rows). A ClickHouse that cannot be reached is reported, not judged: the backlog check still
 * catches a sink that stopped.
 */
import type { IngestStatus } from '../../../../generated/openapi/ingest.schemas.ts';

/** The thresholds (STATUS_MAX_LAG_SECONDS, STATUS_MAX_RAW_SINK_BACKLOG, or the command's flags). */
export interface StatusLimits {
  readonly maxLagSeconds: number;
  readonly maxRawSinkBacklog: number;
}

/** The verdict: `ok`, or `behind` with one reason per stage that is. */
export type StatusVerdict = { readonly kind: 'ok' } | { readonly kind: 'behind'; readonly reasons: readonly string[] };

/** Judges `status` against `limits`. */
export function statusVerdict(status: IngestStatus, limits: StatusLimits): StatusVerdict {
  const reasons: string[] = [];
  for (const target of status.targets) {
    if (target.lagSeconds > limits.maxLagSeconds) {
      reasons.push(
        `target ${target.target}: the oldest pending delivery waits ${seconds(target.lagSeconds)} (more than ${seconds(limits.maxLagSeconds)}); ${String(target.pending)} pending`,
      );
    }
  }
  const { awaitingRawSink, received, storedInClickhouse } = status.stages;
  if (awaitingRawSink > limits.maxRawSinkBacklog) {
    reasons.push(`raw sink: ${String(awaitingRawSink)} inbox rows wait for ClickHouse (more than ${String(limits.maxRawSinkBacklog)})`);
  }
  if (storedInClickhouse !== null && received - storedInClickhouse > limits.maxRawSinkBacklog) {
    reasons.push(
      `ClickHouse: ${String(storedInClickhouse)} raw events stored of ${String(received)} received, ${String(received - storedInClickhouse)} missing (more than ${String(limits.maxRawSinkBacklog)})`,
    );
  }
  return reasons.length === 0 ? { kind: 'ok' } : { kind: 'behind', reasons };
}

/** `42 s`, `7 min 3 s`, `2 h 5 min`, `3 d 4 h`: lags as a person reads them. */
export function seconds(value: number): string {
  const s = Math.floor(value);
  if (s < 60) return `${String(s)} s`;
  if (s < 3_600) return `${String(Math.floor(s / 60))} min ${String(s % 60)} s`;
  if (s < 86_400) return `${String(Math.floor(s / 3_600))} h ${String(Math.floor((s % 3_600) / 60))} min`;
  return `${String(Math.floor(s / 86_400))} d ${String(Math.floor((s % 86_400) / 3_600))} h`;
}
