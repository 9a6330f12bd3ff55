/// <reference lib="dom" />
/**
 * The pipeline at a glance: the figures of `GET /admin/status` (the same as `vf status`), as a
 * row of stages (received → quarantined → outboxed → stored in ClickHouse) and a table of
 * deliveries per target with their lag. Each figure carries `data-stage` / `data-target` so tests
 * and scripts can read it.
 */
import type { IngestStatus, TargetCounts } from '../../../../generated/openapi/ingest.schemas.ts';
import { byId, h, replaceChildren, scrollRegion } from './dom.ts';
import { formatCount, formatDuration, formatTime } from './format.ts';

function stage(label: string, key: string, value: number | null, note?: string): HTMLElement {
  return h(
    'li',
    { class: 'stage' },
    h('span', { class: 'stage-label' }, label),
    h('span', { class: 'stage-value', 'data-stage': key }, value === null ? 'unknown' : formatCount(value)),
    note === undefined ? null : h('span', { class: 'stage-note' }, note),
  );
}

function targetRow(target: TargetCounts): HTMLElement {
  const cell = (key: string, value: number): HTMLElement => h('td', { 'data-target': target.target, 'data-count': key }, formatCount(value));
  const behind = target.lagSeconds > 0;
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, target.target),
    cell('delivered', target.delivered),
    cell('pending', target.pending),
    cell('parked', target.parked),
    cell('dead', target.dead),
    h('td', { 'data-target': target.target, 'data-count': 'lag', class: behind ? 'lagging' : undefined }, behind ? formatDuration(target.lagSeconds) : 'none'),
  );
}

/** Renders `status` into #pipeline-body. */
export function renderPipeline(status: IngestStatus): void {
  const { stages } = status;
  const flow = h(
    'ol',
    { class: 'flow', 'aria-label': 'Stages, in order' },
    stage('Received', 'received', stages.received),
    stage('Quarantined', 'quarantined', stages.quarantined, 'now held'),
    stage('Outboxed', 'outboxed', stages.outboxed),
    stage('Stored in ClickHouse', 'storedInClickhouse', stages.storedInClickhouse, `${formatCount(stages.awaitingRawSink)} waiting for the raw sink`),
  );
  const targets =
    status.targets.length === 0
      ? h('p', { class: 'hint' }, 'No fan-out targets: dry run, envelopes are written and nothing is sent.')
      : scrollRegion(
          'Deliveries per target',
          h(
            'table',
            { class: 'numbers' },
            h('caption', {}, 'Deliveries per target'),
            h('thead', {}, h('tr', {}, ...['Target', 'Delivered', 'Pending', 'Parked', 'Dead', 'Oldest pending'].map((t) => h('th', { scope: 'col' }, t)))),
            h('tbody', {}, ...status.targets.map(targetRow)),
          ),
        );
  const clickhouse = status.clickhouse.status === 'up' ? `ClickHouse up (${status.clickhouse.mode})` : `ClickHouse down (${status.clickhouse.mode}): ${status.clickhouse.error ?? 'no answer'}`;
  replaceChildren(
    byId('pipeline-body'),
    flow,
    targets,
    h('p', { class: 'hint' }, `Received since ${formatTime(status.since)}; backlogs count every row. ${clickhouse}.`),
  );
}
