import { describe, expect, it } from 'vitest';
import { docsContentType, docsFilePath } from './docsFiles.ts';

describe('docsFilePath', () => {
  it.each(['index.html', 'asyncapi.html', 'openapi-internal-events.html', 'logo_1.svg'])('serves %s from the site directory', (name) => {
    expect(docsFilePath('/data/docs-site', name)).toBe(`/data/docs-site/${name}`);
  });

  it.each(['../runtime.json', '..', 'a/../../b', '/etc/passwd', '.docs-site', '.contracts-sha256', 'a..b', 'name with space.html', 'a\\b', ''])('refuses %j', (name) => {
    expect(docsFilePath('/data/docs-site', name)).toBeNull();
  });
});

describe('docsContentType', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['STYLE.CSS', 'text/css; charset=utf-8'],
    ['app.js', 'text/javascript; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['blob', 'application/octet-stream'],
  ])('%s is %s', (name, want) => {
    expect(docsContentType(name)).toBe(want);
  });
});
