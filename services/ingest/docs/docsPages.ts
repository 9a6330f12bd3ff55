/**
 * The small pages `/docs` answers with while the site is not there: being built, or its build
 * failed. Plain HTML, no scripts; the building page asks the browser to reload itself.
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds === undefined ? '' : `<meta http-equiv="refresh" content="${String(refreshSeconds)}">`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">${refresh}<title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>\n`;
}

/** While the build runs. */
export function buildingPage(): string {
  return page('Verifluence docs', '<p>The docs are being built, reload in a minute.</p>', 30);
}

/** After a failed build, until the next attempt. */
export function buildFailedPage(message: string, retryInSeconds: number): string {
  return page(
    'Verifluence docs',
    `<p>The docs could not be built (the ingest role's log has the details); a request after ${String(retryInSeconds)} s tries again.</p>` +
      `<pre>${escapeHtml(message)}</pre>`,
  );
}
