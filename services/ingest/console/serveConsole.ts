/**
 * `/console` on the admin listener: the operator console, a static page built ahead of time by
 * `npm run build:console` (buildConsole.ts) into `dist/console/`. Nothing is built or fetched at
 * run time: until the files exist every console path answers 503 with the command to run. Not in
 * the OpenAPI contract: these are pages for people, like `/docs`.
 *
 * Only the three files the build writes are served (an allowlist, so no path ever reaches the
 * file system from a request), read from disk per request: they are small, and a rebuild shows
 * without a restart.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** Where `npm run build:console` writes: `<repo>/dist/console`. */
export const DEFAULT_CONSOLE_DIR = resolve(import.meta.dirname, '../../../dist/console');

/** The files of a built console and their content types. */
export const CONSOLE_FILES: ReadonlyMap<string, string> = new Map([
  ['index.html', 'text/html; charset=utf-8'],
  ['app.js', 'text/javascript; charset=utf-8'],
  ['app.css', 'text/css; charset=utf-8'],
]);

/**
 * The page loads its own script and stylesheet and calls this listener's API, nothing else.
 * uPlot styles its elements through the CSSOM, which `style-src 'self'` allows.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const html = 'text/html; charset=utf-8';

/** The page served while the console is not built. */
export function notBuiltPage(dir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Console not built</title></head>
<body><main><h1>Console not built</h1>
<p>console not built: run <code>npm run build:console</code> (it writes <code>${escapeHtml(dir)}</code>), then reload this page.</p>
<p>The admin API, <a href="/admin/status">/admin/status</a> and <a href="/docs/">/docs</a> work without it.</p></main></body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${String(c.charCodeAt(0))};`);
}

/** Registers `/console`, `/console/` and `/console/<file>` on `app`; `dir` defaults to {@link DEFAULT_CONSOLE_DIR}. */
export function serveConsole(app: FastifyInstance, deps: { readonly dir?: string } = {}): void {
  const dir = deps.dir ?? DEFAULT_CONSOLE_DIR;

  const serve = async (name: string, reply: FastifyReply): Promise<FastifyReply> => {
    const type = CONSOLE_FILES.get(name);
    if (type === undefined) return reply.code(404).type(html).send('<!doctype html><title>Not found</title><p>No such page. <a href="/console/">The console</a></p>\n');
    const content = await readFile(join(dir, name)).catch((e: unknown) => {
      if (typeof e === 'object' && e !== null && Reflect.get(e, 'code') === 'ENOENT') return null;
      throw e;
    });
    if (content === null) return reply.code(503).header('retry-after', '30').type(html).send(notBuiltPage(dir));
    reply.header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
    if (name === 'index.html') reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
    return reply.type(type).send(content);
  };

  app.get('/console', (_request, reply) => serve('index.html', reply));
  app.get('/console/', (_request, reply) => serve('index.html', reply));
  app.get<{ Params: { file: string } }>('/console/:file', (request, reply) => serve(request.params.file, reply));
}
