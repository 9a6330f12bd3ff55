/// <reference lib="dom" />
/**
 * Dead letters and parked deliveries (`GET /admin/deliveries?status=dead|parked`), each with the
 * environment's last answer as its reason and a Retry button (`POST /admin/deliveries/retry`,
 * which puts it back to pending with a fresh attempt budget), plus one to retry all of a status.
 */
import type { Delivery, DeliveryPage, DeliveryRetryResult, RetryableDeliveryStatus } from '../../../../generated/openapi/ingest.schemas.ts';
import { getJson, postAction } from './api.ts';
import { byId, h, reconcile, replaceChildren, scrollRegion } from './dom.ts';
import { formatTime } from './format.ts';
import { reportAction } from './notice.ts';

const TITLES: Readonly<Record<RetryableDeliveryStatus, { title: string; empty: string; what: string }>> = {
  dead: { title: 'Dead letters', empty: 'No dead deliveries.', what: 'rejected by the environment, or out of attempts' },
  parked: { title: 'Parked', empty: 'No parked deliveries.', what: 'the environment does not support the type yet' },
};

let afterAction: () => void = () => undefined;

async function retry(what: string, body: { status: RetryableDeliveryStatus; target?: string; ids?: string[] }, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  try {
    const outcome = await postAction<DeliveryRetryResult>('/admin/deliveries/retry', body);
    reportAction(what, outcome, (result) => `${String(result.retried)} ${result.retried === 1 ? 'delivery' : 'deliveries'} back to pending; the sender is woken.`);
  } finally {
    button.disabled = false;
    afterAction();
  }
}

function row(delivery: Delivery): HTMLElement {
  const button = h('button', { type: 'button', class: 'action', 'aria-label': `Retry ${delivery.eventType} to ${delivery.target} (delivery ${delivery.id})` }, 'Retry');
  button.addEventListener('click', () => void retry(`retrying delivery ${delivery.id}`, { status: delivery.status, target: delivery.target, ids: [delivery.id] }, button));
  return h(
    'tr',
    { 'data-id': delivery.id },
    h('th', { scope: 'row' }, delivery.target),
    h('td', {}, h('code', {}, delivery.eventType)),
    h('td', { class: 'wrap' }, delivery.subject),
    h('td', {}, String(delivery.attempts)),
    h('td', { class: 'wrap', 'data-field': 'reason' }, delivery.lastError ?? '—'),
    h('td', {}, formatTime(delivery.lastAttemptAt)),
    h('td', {}, button),
  );
}

function section(status: RetryableDeliveryStatus): { root: HTMLElement; summary: HTMLElement; rows: HTMLElement; scroll: HTMLElement } {
  const titleId = `deliveries-${status}-title`;
  const summary = h('div', { class: 'list-summary' });
  const rows = h('tbody', {});
  const table = h(
    'table',
    {},
    h('caption', { class: 'visually-hidden' }, `${TITLES[status].title}: ${TITLES[status].what}`),
    h('thead', {}, h('tr', {}, ...['Target', 'Type', 'Subject', 'Attempts', 'Reason (last answer)', 'Last attempt', 'Action'].map((t) => h('th', { scope: 'col' }, t)))),
    rows,
  );
  const scroll = scrollRegion(TITLES[status].title, table);
  const root = h('section', { 'aria-labelledby': titleId, 'data-status': status }, h('h3', { id: titleId }, TITLES[status].title), summary, scroll);
  return { root, summary, rows, scroll };
}

const sections = new Map<RetryableDeliveryStatus, ReturnType<typeof section>>();

/** Fetches dead and parked deliveries and updates both tables in place; `refresh` runs after each action. */
export async function refreshDeliveries(refresh: () => void): Promise<void> {
  afterAction = refresh;
  const statuses: RetryableDeliveryStatus[] = ['dead', 'parked'];
  const pages = await Promise.all(statuses.map((status) => getJson<DeliveryPage>('/admin/deliveries', { status, limit: 50 })));
  if (sections.size === 0) {
    for (const status of statuses) sections.set(status, section(status));
    replaceChildren(byId('deliveries-body'), ...statuses.map((s) => sections.get(s)?.root));
  }
  statuses.forEach((status, i) => {
    const page = pages[i];
    const parts = sections.get(status);
    if (page === undefined || parts === undefined) return;
    const count = page.items.length;
    const text = count === 0 ? TITLES[status].empty : `${String(count)}${page.nextCursor === null ? '' : '+'} ${status}, oldest first: ${TITLES[status].what}.`;
    if (parts.summary.dataset.text !== text) {
      parts.summary.dataset.text = text;
      const all = h('button', { type: 'button', class: 'action' }, `Retry all ${status}`);
      all.addEventListener('click', () => void retry(`retrying every ${status} delivery`, { status }, all));
      replaceChildren(parts.summary, h('p', { 'data-count': status }, text), count === 0 ? null : all);
    }
    parts.scroll.hidden = count === 0;
    reconcile(parts.rows, page.items, (d) => d.id, (d) => JSON.stringify(d), row);
  });
}
