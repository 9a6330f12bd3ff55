/**
 * The docs site's `index.html`: links to every reference page and an index of the event types of
 * `contracts/asyncapi.yaml` with their example payloads. Pure: model in, HTML string out. Plain HTML
 * with an inline stylesheet, so the page loads nothing else.
 */
import type { AsyncApiModel, EventMessage, MessageExample } from '../asyncapi/eventModel.ts';
import { escapeHtml } from './escapeHtml.ts';
import { INDEX_STYLE } from './indexStyle.ts';
import { OFFLINE_HEAD } from './offlinePage.ts';

/** One rendered reference page the index links to. */
export interface ReferencePage {
  /** Path relative to the site root, e.g. `asyncapi.html`. */
  readonly href: string;
  readonly title: string;
  /** One line on what the page documents. */
  readonly description: string;
}

export interface IndexInput {
  /** `info.title` and `info.version` of the AsyncAPI document. */
  readonly title: string;
  readonly version: string;
  readonly pages: readonly ReferencePage[];
  readonly model: AsyncApiModel;
}

/** Element id of an event type's section; CloudEvents types are dotted lower-case, valid in ids. */
export function eventAnchor(eventType: string): string {
  return `event-${eventType}`;
}

/** Contract prose with its Markdown code spans (`x`) shown as code; everything else stays plain text. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** Code that may wrap after `.` and `/` only, so long event types break between their parts in table cells. */
function breakableCode(text: string): string {
  return `<code>${escapeHtml(text).replace(/([./])/g, '$1<wbr>')}</code>`;
}

function json(value: unknown): string {
  return `<pre><code>${escapeHtml(JSON.stringify(value, null, 2))}</code></pre>`;
}

function renderExample(example: MessageExample, headingLevel: number): string {
  const h = `h${headingLevel}`;
  const parts = [`<${h}>Example ${code(example.name)}</${h}>`];
  if (example.summary) parts.push(`<p>${prose(example.summary)}</p>`);
  if (Object.keys(example.headers).length > 0) parts.push('<p class="label">Headers</p>', json(example.headers));
  parts.push('<p class="label">Payload</p>', json(example.payload));
  return `<div class="example">${parts.join('\n')}</div>`;
}

function renderProvider(event: EventMessage): string {
  return event.providerVersion === null
    ? escapeHtml(event.provider)
    : `${escapeHtml(event.provider)} (event version ${escapeHtml(event.providerVersion)})`;
}

function renderRow(event: EventMessage): string {
  return `<tr data-event-type="${escapeHtml(event.eventType)}">
<th scope="row"><a href="#${escapeHtml(eventAnchor(event.eventType))}">${breakableCode(event.eventType)}</a></th>
<td>${renderProvider(event)}</td>
<td>${breakableCode(event.name)}</td>
<td>${breakableCode(event.subject)}</td>
<td>${prose(event.summary)}</td>
</tr>`;
}

function renderEvent(event: EventMessage): string {
  const id = escapeHtml(eventAnchor(event.eventType));
  return `<section class="event" id="${id}" aria-labelledby="${id}-title">
<h3 id="${id}-title">${code(event.eventType)} <span class="title">${escapeHtml(event.title)}</span></h3>
<dl>
<dt>Provider</dt><dd>${renderProvider(event)}</dd>
<dt>Provider name</dt><dd>${code(event.name)}</dd>
<dt>Subject rule</dt><dd>${code(event.subject)}</dd>
<dt>Message</dt><dd>${code(`components.messages.${event.key}`)}</dd>
</dl>
${event.summary ? `<p>${prose(event.summary)}</p>` : ''}
${event.description ? `<p class="text">${prose(event.description.trim())}</p>` : ''}
${event.examples.map((example) => renderExample(example, 4)).join('\n')}
</section>`;
}

/** Renders the whole index page. Event types are listed in code-point order of their type. */
export function renderIndex(input: IndexInput): string {
  const events = [...input.model.events].sort((a, b) => (a.eventType < b.eventType ? -1 : a.eventType > b.eventType ? 1 : 0));
  const title = `${input.title} ${input.version}`;
  const pages = input.pages
    .map((page) => `<li><a href="${escapeHtml(page.href)}">${escapeHtml(page.title)}</a> <span>${escapeHtml(page.description)}</span></li>`)
    .join('\n');
  const envelope = input.model.envelope;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${OFFLINE_HEAD}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}: contract reference</title>
<style>${INDEX_STYLE}</style>
</head>
<body>
<a class="skip" href="#main">Skip to the event types</a>
<header>
<h1>${escapeHtml(title)}</h1>
<p>Reference for the contracts in <code>contracts/</code>: the events and their envelope, and the HTTP APIs.</p>
</header>
<nav aria-labelledby="pages-title">
<h2 id="pages-title">Reference pages</h2>
<ul class="pages">
${pages}
</ul>
</nav>
<main id="main">
<section aria-labelledby="event-types">
<h2 id="event-types">Event types</h2>
<table>
<caption>${events.length} event types in <code>contracts/asyncapi.yaml</code>; the subject rule's <code>{a.b}</code> parts are paths into the payload.</caption>
<thead><tr><th scope="col">Event type</th><th scope="col">Provider</th><th scope="col">Provider name</th><th scope="col">Subject rule</th><th scope="col">Summary</th></tr></thead>
<tbody>
${events.map(renderRow).join('\n')}
</tbody>
</table>
${events.map(renderEvent).join('\n')}
</section>
<section class="event" id="envelope" aria-labelledby="envelope-title">
<h2 id="envelope-title">Envelope ${code(`components.messages.${envelope.key}`)}</h2>
<p>Every event reaches the environments inside this CloudEvents 1.0 envelope; its <code>data</code> is the event's payload.</p>
${envelope.examples.map((example) => renderExample(example, 3)).join('\n')}
</section>
</main>
</body>
</html>
`;
}
