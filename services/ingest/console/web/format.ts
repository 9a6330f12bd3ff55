/**
 * How the console writes numbers, times and durations, and how it turns the chart answers into
 * uPlot's columns. Pure (no DOM), so a unit test pins it down. Times are UTC, said so, since an
 * operator compares them with logs and databases that are in UTC.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** `12,345`. */
export function formatCount(n: number): string {
  return integer.format(n);
}

/** `0.35` (at most two decimals). */
export function formatRate(n: number): string {
  return decimal.format(n);
}

/** `0 s`, `42 s`, `3 min 05 s`, `2 h 10 min`, `3 d 4 h`; fractions of a second below 10 s keep one decimal. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 10) return `${String(Math.round(seconds * 10) / 10)} s`;
  const s = Math.round(seconds);
  if (s < 60) return `${String(s)} s`;
  const pad = (n: number): string => String(n).padStart(2, '0');
  if (s < 3600) return `${String(Math.floor(s / 60))} min ${pad(s % 60)} s`;
  if (s < 86_400) return `${String(Math.floor(s / 3600))} h ${pad(Math.floor((s % 3600) / 60))} min`;
  return `${String(Math.floor(s / 86_400))} d ${String(Math.floor((s % 86_400) / 3600))} h`;
}

/** `2025-01-14 16:08:05 UTC` from an RFC 3339 string; `—` for null. */
export function formatTime(iso: string | null): string {
  if (iso === null) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `16:08:05 UTC`. */
export function formatClock(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}

/** A time axis' tick labels in UTC, 24-hour: `16:08` when the axis spans at most a day, else `01-14 16:00`. */
export function axisTimeLabels(ticks: readonly number[], spanSeconds: number): string[] {
  return ticks.map((t) => {
    const text = new Date(t * 1000).toISOString();
    return spanSeconds <= 86_400 ? text.slice(11, 16) : `${text.slice(5, 10)} ${text.slice(11, 16)}`;
  });
}

/** Epoch seconds of RFC 3339 strings: uPlot's x values. */
export function epochSeconds(isoTimes: readonly string[]): number[] {
  return isoTimes.map((t) => Date.parse(t) / 1000);
}

/** Counts per bucket as events per second. */
export function perSecond(counts: readonly number[], bucketSeconds: number): number[] {
  return counts.map((n) => n / bucketSeconds);
}

/** One named series of a chart. */
export interface SeriesColumn {
  readonly label: string;
  readonly values: readonly (number | null)[];
}

/** The latest bucket's value of each series, largest first, zeros left out: a chart's text summary. */
export function latestValues(series: readonly SeriesColumn[]): { label: string; value: number }[] {
  return series
    .map((s) => ({ label: s.label, value: s.values.at(-1) ?? null }))
    .filter((s): s is { label: string; value: number } => s.value !== null && s.value > 0)
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
}

/** The sum of a series' values (nulls count 0). */
export function total(values: readonly (number | null)[]): number {
  return values.reduce<number>((sum, v) => sum + (v ?? 0), 0);
}

/** The quarantined entry's label: the provider's type as received, else the provider. */
export function entryLabel(entry: { readonly provider: string; readonly eventType: string | null }): string {
  return entry.eventType === null ? `${entry.provider} (type unreadable)` : `${entry.provider} ${entry.eventType}`;
}

/** The JSON of a raw body, indented, when it parses; else the text as it is. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
