/// <reference lib="dom" />
/**
 * Per channel: search by slug or broadcaster id (`GET /admin/channels?q=`), then the chosen
 * channel's facts, viewer counts over the last 24 hours (`GET /admin/channels/{id}`), its chat
 * messages per hour over the last 48 hours from ClickHouse (`…/chat-histogram`), its stream
 * sessions and its slug history. The chosen channel refreshes with the rest of the page.
 */
import type { ChannelChatHistogram, ChannelDetail, ChannelSearchResult, ChannelSummary } from '../../../../generated/openapi/ingest.schemas.ts';
import { ApiError, getJson } from './api.ts';
import { createChart, type Chart } from './charts.ts';
import { byId, h, replaceChildren, scrollRegion } from './dom.ts';
import { epochSeconds, formatCount, formatTime, total } from './format.ts';

let selected: number | null = null;
let viewers: Chart | null = null;
let chat: Chart | null = null;

function table(caption: string, headings: readonly string[], rows: readonly (readonly string[])[], empty: string): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'hint' }, empty);
  return scrollRegion(
    caption,
    h('table', {}, h('caption', { class: 'visually-hidden' }, caption), h('thead', {}, h('tr', {}, ...headings.map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, c)))))),
  );
}

/** Builds the detail skeleton once per chosen channel: the charts keep their elements across refreshes. */
function skeleton(detail: ChannelDetail): void {
  const c = detail.channel;
  viewers = null;
  chat = null;
  replaceChildren(
    byId('channel-detail'),
    h('article', { 'aria-labelledby': 'channel-title', 'data-broadcaster': c.broadcasterUserId },
      h('h3', { id: 'channel-title', tabindex: -1 }, `${c.slug}${c.displayName === null || c.displayName === c.slug ? '' : ` (${c.displayName})`}`),
      h('dl', { class: 'facts', id: 'channel-facts' }),
      h('div', { class: 'charts' },
        h('figure', { class: 'chart' }, h('figcaption', {}, 'Viewers, last 24 hours (per probe)'), h('div', { class: 'plot', id: 'viewers-plot' }), h('p', { class: 'chart-summary', id: 'viewers-summary' })),
        h('figure', { class: 'chart' }, h('figcaption', {}, 'Chat messages per hour, last 48 hours'), h('div', { class: 'plot', id: 'chat-plot' }), h('p', { class: 'chart-summary', id: 'chat-summary' })),
      ),
      h('h4', {}, 'Stream sessions'),
      h('div', { id: 'channel-sessions' }),
      h('h4', {}, 'Slug history'),
      h('div', { id: 'channel-slugs' }),
    ),
  );
}

function fill(detail: ChannelDetail): void {
  const c = detail.channel;
  replaceChildren(
    byId('channel-facts'),
    h('dt', {}, 'Broadcaster user id'), h('dd', {}, String(c.broadcasterUserId)),
    h('dt', {}, 'Kick channel id'), h('dd', {}, c.kickChannelId === null ? '—' : String(c.kickChannelId)),
    h('dt', {}, 'Tracked'), h('dd', {}, c.tracking ? 'yes: probed and subscribed' : 'no'),
    h('dt', {}, 'First seen'), h('dd', {}, formatTime(c.createdAt)),
  );
  const points = detail.viewerCounts.points;
  const viewerPlot = byId('viewers-plot');
  viewerPlot.hidden = points.length === 0;
  if (points.length > 0) {
    viewers ??= createChart(viewerPlot, { kind: 'line', unit: 'viewers', height: 180, points: true });
    viewers.update(epochSeconds(points.map((p) => p.probedAt)), [{ label: 'viewers', values: points.map((p) => p.viewerCount) }]);
  }
  const last = points.at(-1);
  byId('viewers-summary').textContent =
    last === undefined ? 'No viewer probes in the last 24 hours (the poller probes tracked channels once a minute).' : `Latest probe ${formatTime(last.probedAt)}: ${formatCount(last.viewerCount)} viewers, ${last.isLive ? 'live' : 'offline'}.`;
  replaceChildren(
    byId('channel-sessions'),
    table('Stream sessions, newest first', ['Started', 'Ended', 'Title'], detail.streamSessions.map((s) => [formatTime(s.startedAt), s.endedAt === null ? 'live (no end seen)' : formatTime(s.endedAt), s.title ?? '—']), 'No stream sessions seen.'),
  );
  replaceChildren(
    byId('channel-slugs'),
    table('Slugs, newest first', ['Slug', 'From', 'Until'], detail.slugHistory.map((s) => [s.slug, formatTime(s.validFrom), s.validTo === null ? 'current' : formatTime(s.validTo)]), 'No slug history.'),
  );
}

async function refreshChat(broadcasterUserId: number): Promise<void> {
  const summary = byId('chat-summary');
  try {
    const histogram = await getJson<ChannelChatHistogram>(`/admin/channels/${String(broadcasterUserId)}/chat-histogram`, { hours: 48 });
    chat ??= createChart(byId('chat-plot'), { kind: 'bars', unit: 'messages', height: 180 });
    const counts = histogram.buckets.map((b) => b.count);
    chat.update(epochSeconds(histogram.buckets.map((b) => b.start)), [{ label: 'chat messages', values: counts }]);
    summary.dataset.total = String(total(counts));
    summary.textContent = `${formatCount(total(counts))} chat messages in the last 48 hours; ${formatCount(counts.at(-1) ?? 0)} this hour.`;
  } catch (e: unknown) {
    summary.textContent = `The chat histogram is unavailable: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** Shows channel `broadcasterUserId`; `focus` moves the keyboard to its heading (after a search). */
async function show(broadcasterUserId: number, focus: boolean): Promise<void> {
  const detail = await getJson<ChannelDetail>(`/admin/channels/${String(broadcasterUserId)}`, { hours: 24 });
  if (selected !== broadcasterUserId || byId('channel-detail').childElementCount === 0) skeleton(detail);
  selected = broadcasterUserId;
  fill(detail);
  await refreshChat(broadcasterUserId);
  if (focus) byId('channel-title').focus();
}

function resultButton(channel: ChannelSummary): HTMLElement {
  const former = channel.matchedSlug === null ? '' : `, formerly ${channel.matchedSlug}`;
  const button = h('button', { type: 'button', class: 'link' }, `${channel.slug} (${String(channel.broadcasterUserId)}${former})`);
  button.addEventListener('click', () => void show(channel.broadcasterUserId, true));
  return h('li', {}, button);
}

async function search(q: string): Promise<void> {
  const results = byId('channel-results');
  const found = await getJson<ChannelSearchResult>('/admin/channels', { q, limit: 20 });
  if (found.items.length === 0) {
    replaceChildren(results, h('p', { role: 'status' }, `No channel matches “${q}”.`));
    return;
  }
  replaceChildren(results, h('p', { role: 'status' }, `${String(found.items.length)} ${found.items.length === 1 ? 'channel' : 'channels'} found.`), h('ul', { class: 'results' }, ...found.items.map(resultButton)));
  const first = found.items[0];
  if (found.items.length === 1 && first !== undefined) await show(first.broadcasterUserId, true);
}

/** Wires the search form. */
export function setUpChannelSearch(): void {
  byId<HTMLFormElement>('channel-search').addEventListener('submit', (event) => {
    event.preventDefault();
    const q = byId<HTMLInputElement>('channel-query').value.trim();
    if (q === '') return;
    search(q).catch((e: unknown) => replaceChildren(byId('channel-results'), h('p', { role: 'status' }, `Search failed: ${e instanceof Error ? e.message : String(e)}`)));
  });
}

/** Refreshes the chosen channel, if any; a channel that vanished clears the view. */
export async function refreshChannel(): Promise<void> {
  if (selected === null) return;
  try {
    await show(selected, false);
  } catch (e: unknown) {
    if (e instanceof ApiError && e.status === 404) {
      selected = null;
      replaceChildren(byId('channel-detail'));
      return;
    }
    throw e;
  }
}
