/**
 * `GET /docs` on the admin listener: the static docs site (the AsyncAPI reference, one page per
 * OpenAPI document, the event index) from `<VF_DATA_DIR>/docs-site`, built in the background when
 * it is missing or older than the contracts (services/ingest/docs/docsSite.ts); until then 503 with
 * a page asking to reload. Not in the OpenAPI contract: these are HTML pages for people.
 */
import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Logger } from '../../shared/logging/createLogger.ts';
import { buildFailedPage, buildingPage } from '../docs/docsPages.ts';
import { docsContentType, docsFilePath } from '../docs/docsFiles.ts';
import { createDocsSite } from '../docs/docsSite.ts';
import type { DocsBuild } from '../docs/spawnDocsBuild.ts';

/** What the docs routes need. */
export interface GetDocsDeps {
  /** VF_DATA_DIR. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Replaces the real build (tests: the real one takes about a minute). */
  readonly build?: DocsBuild;
  /** How long after a failed build the next request tries again (default 60 s). */
  readonly retryAfterFailureMs?: number;
}

const html = 'text/html; charset=utf-8';

function notFound(reply: FastifyReply): FastifyReply {
  return reply.code(404).type(html).send('<!doctype html><title>Not found</title><p>No such page. <a href="/docs/">The docs</a></p>\n');
}

/** Registers `/docs`, `/docs/` and `/docs/<file>` on `app`; a build still running stops when the app closes. */
export function getDocs(app: FastifyInstance, deps: GetDocsDeps): void {
  const site = createDocsSite({
    dataDir: deps.dataDir,
    logger: deps.logger,
    ...(deps.build === undefined ? {} : { build: deps.build }),
    ...(deps.retryAfterFailureMs === undefined ? {} : { retryAfterFailureMs: deps.retryAfterFailureMs }),
  });
  app.addHook('onClose', () => site.close());

  const serve = async (name: string, reply: FastifyReply): Promise<FastifyReply> => {
    const state = await site.state();
    if (state.kind === 'building') return reply.code(503).header('retry-after', '30').type(html).send(buildingPage());
    if (state.kind === 'failed') return reply.code(503).header('retry-after', String(state.retryInSeconds)).type(html).send(buildFailedPage(state.message, state.retryInSeconds));
    const path = docsFilePath(state.siteDir, name);
    if (path === null) return notFound(reply);
    // lstat: a symbolic link planted in the site directory is not followed out of it.
    const stats = await lstat(path).catch(() => null);
    if (stats === null || !stats.isFile()) return notFound(reply);
    return reply.type(docsContentType(name)).header('cache-control', 'no-cache').send(createReadStream(path));
  };

  // The pages link each other relatively (href="asyncapi.html"): they must be read under /docs/.
  app.get('/docs', (_request, reply) => reply.redirect('/docs/', 302));
  app.get('/docs/', (_request, reply) => serve('index.html', reply));
  app.get<{ Params: { file: string } }>('/docs/:file', (request, reply) => serve(request.params.file, reply));
}
