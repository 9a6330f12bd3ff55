/// <reference lib="dom" />
/**
 * Quarantined deliveries (`GET /admin/quarantine`): each with its reason, validation errors, the
 * raw headers and payload on demand (`GET /admin/quarantine/{id}`, loaded when the disclosure is
 * opened) and a Replay button (`POST /admin/quarantine/replay`), plus one to replay them all.
 * Replay releases what passes today's contracts; the outcome and any refusal show in the notice.
 */
import type { QuarantineEntry, QuarantineEntryDetail, QuarantinePage, QuarantineReplayResult } from '../../../../generated/openapi/ingest.schemas.ts';
import { getJson, postAction } from './api.ts';
import { byId, h, reconcile, replaceChildren } from './dom.ts';
import { entryLabel, formatTime, prettyBody } from './format.ts';
import { reportAction } from './notice.ts';

const REASONS: Readonly<Record<string, string>> = {
  INGEST_TIMESTAMP_OUTSIDE_WINDOW: 'timestamp outside the replay window',
  INGEST_BODY_NOT_JSON: 'body is not JSON',
  INGEST_EVENT_TYPE_UNKNOWN: 'unknown event type or version',
  INGEST_PAYLOAD_INVALID: 'payload fails the schema',
};

let afterAction: () => void = () => undefined;

function describeReplay(result: QuarantineReplayResult): string {
  const lines = result.results.map((r) => {
    if (r.outcome === 'released') return `${r.id} released as envelope ${r.envelopeId ?? '?'}; it is on its way to every target.`;
    if (r.outcome === 'still_quarantined') return `${r.id} is still quarantined (${r.reason ?? 'unknown reason'}).`;
    return `${r.id}: ${r.outcome.replace('_', ' ')}.`;
  });
  return `Replay: ${String(result.released)} released, ${String(result.stillQuarantined)} still quarantined. ${lines.join(' ')}`;
}

async function replay(what: string, body: { ids?: string[] }, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const outcome = await postAction<QuarantineReplayResult>('/admin/quarantine/replay', body);
    reportAction(what, outcome, describeReplay);
  } finally {
    button.disabled = false;
    afterAction();
  }
}

async function loadRaw(entry: QuarantineEntry, target: HTMLElement): Promise<void> {
  try {
    const detail = await getJson<QuarantineEntryDetail>(`/admin/quarantine/${encodeURIComponent(entry.id)}`);
    const body = detail.body === null ? 'No longer kept here: released, and the raw event is in ClickHouse (vf.raw_events).' : detail.bodyEncoding === 'base64' ? `(base64) ${detail.body}` : prettyBody(detail.body);
    replaceChildren(
      target,
      h('h4', {}, 'Headers'),
      h('pre', { class: 'raw', tabindex: 0 }, detail.headers === null ? '—' : JSON.stringify(detail.headers, null, 2)),
      h('h4', {}, 'Payload'),
      h('pre', { class: 'raw', tabindex: 0, 'data-raw': 'body' }, body),
    );
  } catch (e: unknown) {
    replaceChildren(target, h('p', { class: 'hint' }, `Could not load the raw delivery: ${e instanceof Error ? e.message : String(e)}`));
  }
}

function entryElement(entry: QuarantineEntry): HTMLElement {
  const label = entryLabel(entry);
  const titleId = `q-${entry.id}-title`;
  const raw = h('div', { class: 'raw-body' }, h('p', { class: 'hint' }, 'Loading…'));
  const details = h('details', {}, h('summary', {}, 'Raw headers and payload'), raw);
  let loaded = false;
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) {
      loaded = true;
      void loadRaw(entry, raw);
    }
  });
  const button = h('button', { type: 'button', class: 'action', 'aria-label': `Replay ${label} received ${formatTime(entry.receivedAt)}` }, 'Replay');
  button.addEventListener('click', () => void replay(`replaying ${label}`, { ids: [entry.id] }, button));
  return h(
    'li',
    { class: 'entry', 'data-id': entry.id },
    h('article', { 'aria-labelledby': titleId },
      h('h3', { id: titleId }, label),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Reason'), h('dd', { 'data-field': 'reason' }, `${entry.reason}: ${REASONS[entry.reason] ?? ''}`),
        h('dt', {}, 'Received'), h('dd', {}, formatTime(entry.receivedAt)),
        h('dt', {}, 'Message id'), h('dd', {}, entry.providerMessageId ?? '—'),
        h('dt', {}, 'Raw event id'), h('dd', {}, h('code', {}, entry.id)),
      ),
      entry.errors.length === 0 ? null : h('ul', { class: 'errors', 'aria-label': 'Validation errors' }, ...entry.errors.map((e) => h('li', {}, h('code', {}, e.path === '' ? '(body)' : e.path), ` ${e.message}`))),
      details,
      h('div', { class: 'actions' }, button),
    ),
  );
}

/** Fetches the quarantine and updates the list in place; `refresh` runs after each action. */
export async function refreshQuarantine(refresh: () => void): Promise<void> {
  afterAction = refresh;
  const page = await getJson<QuarantinePage>('/admin/quarantine', { limit: 50 });
  const body = byId('quarantine-body');
  let list = body.querySelector<HTMLElement>('ul.entries');
  let summary = body.querySelector<HTMLElement>('.list-summary');
  if (list === null || summary === null) {
    summary = h('div', { class: 'list-summary' });
    list = h('ul', { class: 'entries', 'aria-label': 'Quarantined deliveries' });
    replaceChildren(body, summary, list);
  }
  const count = page.items.length;
  const text = count === 0 ? 'Nothing is quarantined.' : `${String(count)}${page.nextCursor === null ? '' : '+'} ${count === 1 && page.nextCursor === null ? 'delivery' : 'deliveries'} quarantined, newest first.`;
  if (summary.dataset.text !== text) {
    summary.dataset.text = text;
    const all = h('button', { type: 'button', class: 'action' }, 'Replay all');
    all.addEventListener('click', () => void replay('replaying every quarantined delivery', {}, all));
    replaceChildren(summary, h('p', { 'data-count': 'quarantine' }, text), count === 0 ? null : all);
  }
  reconcile(list, page.items, (e) => e.id, (e) => JSON.stringify(e), entryElement);
}
