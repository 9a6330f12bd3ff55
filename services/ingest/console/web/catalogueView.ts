/// <reference lib="dom" />
/**
 * The event catalogue (`GET /admin/catalogue`): every versioned type this role accepts, its
 * provider's name for it, and a link to its entry in the docs site on this listener (`/docs`).
 * It does not change while the role runs, so it loads once.
 */
import type { EventCatalogue } from '../../../../generated/openapi/ingest.schemas.ts';
import { getJson } from './api.ts';
import { byId, h, prose, replaceChildren, scrollRegion } from './dom.ts';

/** Loads and renders the catalogue. */
export async function loadCatalogue(): Promise<void> {
  const catalogue = await getJson<EventCatalogue>('/admin/catalogue');
  const rows = catalogue.events.map((e) =>
    h(
      'tr',
      { 'data-type': e.type },
      h('th', { scope: 'row' }, h('a', { href: e.docsPath }, h('code', {}, e.type))),
      h('td', {}, e.provider),
      h('td', {}, h('code', {}, e.providerVersion === null ? e.providerName : `${e.providerName} v${e.providerVersion}`)),
      h('td', {}, e.title),
      h('td', { class: 'wrap' }, ...prose(e.summary)),
    ),
  );
  replaceChildren(
    byId('catalogue-body'),
    h('p', {}, `${String(catalogue.events.length)} event types. Each links to its schema, subject rule and examples in the `, h('a', { href: '/docs/' }, 'docs'), '.'),
    scrollRegion(
      'Event types',
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Event types'), h('thead', {}, h('tr', {}, ...['Type', 'Provider', 'Provider name', 'Title', 'Summary'].map((t) => h('th', { scope: 'col' }, t)))), h('tbody', {}, ...rows)),
    ),
  );
}
