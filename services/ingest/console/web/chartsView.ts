/// <reference lib="dom" />
/**
 * The two pipeline charts: events per second by type over the last hour
 * (`GET /admin/charts/event-rates`) and delivery lag per target (`GET /admin/charts/delivery-lag`).
 * Both come from stored timestamps, so a fresh page shows the whole hour at once. Under each chart
 * a line of text says what the latest minute shows, for readers who cannot see the canvas.
 */
import type { DeliveryLagChart, EventRateChart } from '../../../../generated/openapi/ingest.schemas.ts';
import { getJson } from './api.ts';
import { createChart, type Chart } from './charts.ts';
import { byId } from './dom.ts';
import { epochSeconds, formatDuration, formatRate, latestValues, perSecond, total, type SeriesColumn } from './format.ts';

let rates: Chart | null = null;
let lag: Chart | null = null;

function rateSummary(chart: EventRateChart, series: readonly SeriesColumn[]): string {
  const events = chart.series.reduce((sum, s) => sum + total(s.counts), 0);
  if (events === 0) return 'No events in the last hour.';
  // The hour's busiest types by name, so the text says what the canvas shows even at a minute's start.
  const byType = chart.series
    .map((s) => ({ type: s.type, count: total(s.counts) }))
    .filter((t) => t.count > 0)
    .sort((a, b) => b.count - a.count)
    .slice(0, 5)
    .map((t) => `${t.type} ${String(t.count)}`);
  const latest = latestValues(series).map((s) => `${s.label} ${formatRate(s.value)}/s`);
  return `${String(events)} events in the last hour (${byType.join(', ')}). This minute: ${latest.length === 0 ? 'none yet' : latest.join(', ')}.`;
}

function lagSummary(chart: DeliveryLagChart): string {
  if (chart.targets.length === 0) return 'Nothing delivered in the last hour.';
  return chart.targets
    .map((t) => {
      const worst = Math.max(0, ...t.maxSeconds.map((v) => v ?? 0));
      return `${t.target}: ${String(total(t.delivered))} delivered, longest wait ${formatDuration(worst)}`;
    })
    .join('; ')
    .concat('.');
}

/** Fetches both charts and redraws them. */
export async function refreshCharts(): Promise<void> {
  const [rateChart, lagChart] = await Promise.all([
    getJson<EventRateChart>('/admin/charts/event-rates', { minutes: 60 }),
    getJson<DeliveryLagChart>('/admin/charts/delivery-lag', { minutes: 60 }),
  ]);
  rates ??= createChart(byId('rates-plot'), { kind: 'line', unit: 'events/s' });
  lag ??= createChart(byId('lag-plot'), { kind: 'line', unit: 'seconds', points: true });

  const rateSeries = rateChart.series.map((s) => ({ label: s.type, values: perSecond(s.counts, rateChart.bucketSeconds) }));
  rates.update(epochSeconds(rateChart.buckets), rateSeries);
  byId('rates-summary').textContent = rateSummary(rateChart, rateSeries);

  const lagSeries = lagChart.targets.flatMap((t) => [
    { label: `${t.target} max`, values: t.maxSeconds },
    { label: `${t.target} mean`, values: t.meanSeconds },
  ]);
  lag.update(epochSeconds(lagChart.buckets), lagSeries);
  byId('lag-summary').textContent = lagSummary(lagChart);
}
