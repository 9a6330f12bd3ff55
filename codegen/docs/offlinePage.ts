/**
 * Keeps the rendered pages offline. Every page gets a Content-Security-Policy that only allows inline
 * code and `data:`/`blob:` resources, so the browser itself refuses any network load, and an empty
 * favicon so it does not ask the server for `/favicon.ico`.
 */

/** Inline scripts and styles, `data:` images and fonts, `blob:` workers (Redoc); nothing from any host. */
export const OFFLINE_CSP = [
  "default-src 'none'",
  "script-src 'unsafe-inline' 'unsafe-eval' blob:",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  'font-src data:',
  'worker-src blob:',
  'connect-src data: blob:',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The `<head>` lines every page starts with. */
export const OFFLINE_HEAD = `<meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}">\n<link rel="icon" href="data:,">`;

/** Inserts `OFFLINE_HEAD` right after the page's `<head>` tag, before anything that could load. */
export function withOfflineHead(html: string): string {
  const match = /<head(\s[^>]*)?>/i.exec(html);
  if (!match) throw new Error('rendered page has no <head> element');
  const at = match.index + match[0].length;
  return `${html.slice(0, at)}\n${OFFLINE_HEAD}${html.slice(at)}`;
}

function svgDataUri(text: string, width: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="16" viewBox="0 0 ${width} 16"><text x="0" y="12" font-family="sans-serif" font-size="12" fill="#6e7781">${text}</text></svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

/**
 * Redoc's sidebar footer ("API docs by Redocly") loads the Redocly logo from Redocly's CDN on every
 * page view, with no option to turn it off; this swaps the two logo URLs for inline text images.
 */
export function inlineRedoclyLogo(html: string): string {
  const out = html
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini-full.svg', svgDataUri('Redocly', 48))
    .replaceAll('https://cdn.redoc.ly/redoc/logo-mini.svg', svgDataUri('R', 10));
  if (out.includes('https://cdn.redoc.ly/')) throw new Error('the Redoc bundle references another cdn.redoc.ly resource; update inlineRedoclyLogo');
  return out;
}
