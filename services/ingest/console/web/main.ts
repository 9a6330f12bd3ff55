/// <reference lib="dom" />
/**
 * The operator console's entry point (bundled into app.js by buildConsole.ts). It wires the token
 * form and the channel search, loads the catalogue once, and refreshes everything else by polling:
 * the pipeline, quarantine and deliveries every few seconds (`?refresh=<seconds>`, default 5), the
 * charts every third round. One round finishes before the next is scheduled, so a slow admin API
 * never piles requests up.
 */
import type { IngestStatus } from '../../../../generated/openapi/ingest.schemas.ts';
import { getJson } from './api.ts';
import { loadCatalogue } from './catalogueView.ts';
import { refreshChannel, setUpChannelSearch } from './channelView.ts';
import { refreshCharts } from './chartsView.ts';
import { refreshDeliveries } from './deliveriesView.ts';
import { byId, h, replaceChildren } from './dom.ts';
import { formatClock } from './format.ts';
import { renderPipeline } from './pipelineView.ts';
import { refreshQuarantine } from './quarantineView.ts';
import { setUpTokenForm } from './tokenForm.ts';

const refreshSeconds = Math.max(1, Number(new URLSearchParams(location.search).get('refresh')) || 5);
let round = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
let running = false;
let again = false;

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

async function refreshAll(): Promise<void> {
  // An action asking for a refresh during a round gets one right after it, not a second round beside it.
  if (running) {
    again = true;
    return;
  }
  running = true;
  clearTimeout(timer);
  const now = (): void => void refreshAll();
  const tasks: Promise<void>[] = [
    getJson<IngestStatus>('/admin/status').then(renderPipeline),
    refreshQuarantine(now),
    refreshDeliveries(now),
    refreshChannel(),
  ];
  if (round % 3 === 0) tasks.push(refreshCharts());
  round += 1;
  const failures = (await Promise.allSettled(tasks)).filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  const updated = byId('updated');
  updated.textContent =
    failures.length === 0
      ? `Updated ${formatClock(new Date())}, every ${String(refreshSeconds)} s`
      : `Refresh failed at ${formatClock(new Date())}: ${failures.map((f) => reason(f.reason)).join('; ')}`;
  updated.classList.toggle('failing', failures.length > 0);
  running = false;
  if (again) {
    again = false;
    now();
    return;
  }
  timer = setTimeout(now, refreshSeconds * 1000);
}

setUpTokenForm();
setUpChannelSearch();
loadCatalogue().catch((e: unknown) => replaceChildren(byId('catalogue-body'), h('p', { class: 'hint' }, `Could not load the catalogue: ${reason(e)}`)));
void refreshAll();
