/**
 * Which files of the docs site may be served, and as what. The site is a flat directory of pages
 * (codegen/docs/main.ts writes index.html, asyncapi.html and openapi-<name>.html), so a name is one
 * path segment of plain characters: no separators, no `..`, no dot files (the build's marker and
 * our stamp stay private). Pure.
 */
import { extname, join } from 'node:path';

const safeName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

/** The path of `name` inside `siteDir`, or null when `name` is not a servable file name. */
export function docsFilePath(siteDir: string, name: string): string | null {
  if (!safeName.test(name) || name.includes('..')) return null;
  return join(siteDir, name);
}

/** The Content-Type of a site file, by extension. */
export function docsContentType(name: string): string {
  return contentTypes[extname(name).toLowerCase()] ?? 'application/octet-stream';
}
