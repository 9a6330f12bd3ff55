/// <reference lib="dom" />
/**
 * Time-series charts with uPlot (a small canvas charting library, bundled: nothing is fetched at
 * run time). A chart follows its container's width, keeps each series' colour by its place in the
 * (sorted) series list, and is rebuilt only when the set of series changes; otherwise new data
 * is swapped in. The x axis is in UTC, like every time the console shows.
 */
import uPlot from 'uplot';
import { axisTimeLabels, type SeriesColumn } from './format.ts';

/** Distinguishable on light backgrounds, in an order that keeps neighbours apart. */
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#17becf', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#393b79', '#637939', '#8c6d31', '#843c39', '#7b4173'];

/** A chart that takes new data. */
export interface Chart {
  update(x: readonly number[], series: readonly SeriesColumn[]): void;
}

/** Options of {@link createChart}. */
export interface ChartOptions {
  readonly kind: 'line' | 'bars';
  /** The y axis' unit, e.g. `events/s`. */
  readonly unit: string;
  readonly height?: number;
  /** Mark each value: for sparse series (lag per minute), where a lone value has no line to draw. */
  readonly points?: boolean;
}

function widthOf(container: HTMLElement): number {
  // A chart drawn before layout (or in a hidden panel) gets a sane width until the observer fires.
  return Math.max(240, Math.floor(container.clientWidth || 600));
}

/** A chart drawing into `container`, which keeps the chart's width. */
export function createChart(container: HTMLElement, options: ChartOptions): Chart {
  let plot: uPlot | null = null;
  let labels = '';
  const height = options.height ?? 220;

  new ResizeObserver(() => plot?.setSize({ width: widthOf(container), height })).observe(container);

  const build = (series: readonly SeriesColumn[]): uPlot => {
    const bars = options.kind === 'bars' ? uPlot.paths.bars?.({ size: [0.8, 40] }) : undefined;
    return new uPlot(
      {
        width: widthOf(container),
        height,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        axes: [
          {
            values: (u, ticks) => axisTimeLabels(ticks, (u.scales.x?.max ?? 0) - (u.scales.x?.min ?? 0)),
            // Labels with the day are twice as wide: ask for fewer ticks so they never overlap.
            space: (_u, _axis, min, max) => (max - min > 86_400 ? 110 : 60),
          },
          { label: options.unit, size: 60 },
        ],
        legend: { live: true },
        cursor: { drag: { x: false, y: false } },
        series: [
          { label: 'UTC' },
          ...series.map((s, i) => ({
            label: s.label,
            stroke: PALETTE[i % PALETTE.length] ?? '#000',
            width: 2,
            ...(bars === undefined ? { points: { show: options.points === true, size: 6 } } : { paths: bars, fill: `${PALETTE[i % PALETTE.length] ?? '#000'}99` }),
          })),
        ],
      },
      [[], ...series.map(() => [])],
      container,
    );
  };

  return {
    update(x, series) {
      const nextLabels = series.map((s) => s.label).join('\n');
      if (plot === null || nextLabels !== labels) {
        plot?.destroy();
        plot = build(series);
        labels = nextLabels;
      }
      plot.setData([[...x], ...series.map((s) => [...s.values])]);
    },
  };
}
