/// <reference lib="dom" />
/**
 * The few DOM helpers the views share: build an element in one expression, and update a keyed
 * list in place, so a refresh every few seconds keeps focus, open disclosures and scroll position
 * on the entries that did not change.
 */

type Child = Node | string | null | undefined | false;

/** Attributes: strings set as attributes, `false`/`undefined` leave them out, `true` sets them empty. */
export type Attributes = Readonly<Record<string, string | number | boolean | undefined>>;

/** `<tag attributes>children</tag>`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/**
 * A table's scroll container: on a narrow window a wide table scrolls inside it rather than the
 * page scrolling sideways. It is a labelled, focusable region, so a keyboard can scroll it too.
 */
export function scrollRegion(label: string, table: HTMLTableElement): HTMLElement {
  return h('div', { class: 'table-scroll', role: 'region', 'aria-label': label, tabindex: 0 }, table);
}

/** Text with Markdown code spans (`x`), as the contract's prose writes them, shown as code. */
export function prose(text: string): Node[] {
  return text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : document.createTextNode(part)));
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false));
}

/** The element with `id`; a missing one is a bug in index.html. */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`console: index.html has no #${id}`);
  return element as T;
}

/**
 * Makes `container`'s children one element per item, in order: an item whose key and
 * `signature` (its data as text) are unchanged keeps its element untouched; a changed one is
 * rebuilt; a gone one is removed.
 */
export function reconcile<T>(container: Element, items: readonly T[], key: (item: T) => string, signature: (item: T) => string, build: (item: T) => HTMLElement): void {
  const existing = new Map<string, HTMLElement>();
  for (const child of Array.from(container.children)) {
    if (child instanceof HTMLElement && child.dataset.key !== undefined) existing.set(child.dataset.key, child);
  }
  let previous: Element | null = null;
  for (const item of items) {
    const k = key(item);
    const sig = signature(item);
    let element = existing.get(k);
    existing.delete(k);
    if (element === undefined || element.dataset.signature !== sig) {
      const fresh = build(item);
      fresh.dataset.key = k;
      fresh.dataset.signature = sig;
      if (element !== undefined) element.replaceWith(fresh);
      element = fresh;
    }
    const expectedNext: Element | null = previous === null ? container.firstElementChild : previous.nextElementSibling;
    if (expectedNext !== element) {
      if (previous === null) container.prepend(element);
      else previous.after(element);
    }
    previous = element;
  }
  for (const gone of existing.values()) gone.remove();
}
