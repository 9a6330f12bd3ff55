/**
 * Builds the docs site from the real contracts with `codegen/docs/main.ts` (a child process on the
 * in-repo Node), serves it on 127.0.0.1 and opens every page in Debian's headless Chromium. The
 * expected event types and operations are read from the contracts, not written here.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { serveStatic, type StaticServer } from './test/serveStatic.ts';
import { openWatchedPage, type WatchedPage } from './test/watchedPage.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const NODE = join(ROOT, 'node_modules/.bin/node');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const SCREENSHOTS = join(ROOT, 'test-artifacts/docs');
/** Without Chromium every browser test fails with this message; none is skipped. */
const NO_CHROMIUM = `${CHROMIUM} is missing: the docs test needs Debian's Chromium (apt-get install -y chromium)`;
const run = promisify(execFile);

type Json = Record<string, unknown>;
const record = (value: unknown): Json => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {});
const readYaml = (path: string): Json => record(parse(readFileSync(path, 'utf8')));

interface ExpectedEvent { readonly eventType: string; readonly payloads: readonly unknown[] }
interface ExpectedOperation { readonly label: string; readonly method: string; readonly path: string }

/** Every message of contracts/asyncapi.yaml that carries `x-event-type`, with its example payloads. */
function expectedEvents(): ExpectedEvent[] {
  const messages = record(record(readYaml(join(ROOT, 'contracts/asyncapi.yaml'))['components'])['messages']);
  return Object.values(messages).map(record).filter((m) => typeof m['x-event-type'] === 'string').map((m) => ({
    eventType: String(m['x-event-type']),
    payloads: (Array.isArray(m['examples']) ? m['examples'] : []).map((example) => record(example)['payload']),
  }));
}

const OPENAPI_DIR = join(ROOT, 'contracts/openapi');
const openApiFiles = readdirSync(OPENAPI_DIR).filter((f) => f.endsWith('.yaml')).sort();

/** Every operation of one OpenAPI document: the label Redoc shows (summary, else operationId), method and path. */
function expectedOperations(file: string): ExpectedOperation[] {
  const operations: ExpectedOperation[] = [];
  for (const [path, item] of Object.entries(record(readYaml(join(OPENAPI_DIR, file))['paths']))) {
    for (const method of ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']) {
      const operation = record(record(item)[method]);
      if (Object.keys(operation).length === 0) continue;
      operations.push({ label: String(operation['summary'] ?? operation['operationId']), method: method.toUpperCase(), path });
    }
  }
  return operations;
}

const bodyText = (page: Page): Promise<string> => page.locator('body').innerText();

describe('npm run docs in headless Chromium', () => {
  let tempDir = '';
  let buildOutput = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  const opened: WatchedPage[] = [];

  async function open(path: string): Promise<WatchedPage> {
    if (!browser) throw new Error(existsSync(CHROMIUM) ? 'the browser did not start' : NO_CHROMIUM);
    if (!server) throw new Error('the site server did not start');
    const watched = await openWatchedPage(browser, server.origin, path);
    opened.push(watched);
    return watched;
  }

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), 'vf-docs-'));
    const outDir = join(tempDir, 'site');
    const { stdout } = await run(NODE, ['codegen/docs/main.ts', '--out', outDir], { cwd: ROOT, timeout: 240_000 });
    buildOutput = stdout;
    server = await serveStatic(outDir);
    if (existsSync(CHROMIUM)) browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    await mkdir(SCREENSHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    for (const watched of opened) await watched.close();
    await browser?.close();
    await server?.close();
    if (tempDir) await rm(tempDir, { recursive: true, force: true });
  });

  it(`finds Chromium at ${CHROMIUM}`, () => {
    if (!existsSync(CHROMIUM)) throw new Error(NO_CHROMIUM);
  });

  it('prints one progress line per page written', () => {
    const pages = ['asyncapi.html', ...openApiFiles.map((f) => `openapi-${basename(f, '.yaml')}.html`), 'index.html'];
    const written = buildOutput.split('\n').filter((line) => line.startsWith('docs: wrote ')).map((line) => basename(line.split(' ')[2] ?? ''));
    expect(written).toEqual(pages);
  });

  it('index.html links every reference page and lists every event type with its example payloads', async () => {
    const { page, problems } = await open('index.html');
    const links = await Promise.all((await page.locator('nav a').all()).map((a) => a.getAttribute('href')));
    expect(links).toEqual(['asyncapi.html', ...openApiFiles.map((f) => `openapi-${basename(f, '.yaml')}.html`)]);

    const events = expectedEvents();
    const rows = await Promise.all((await page.locator('tr[data-event-type]').all()).map((row) => row.getAttribute('data-event-type')));
    expect(rows).toEqual(events.map((e) => e.eventType).sort());
    for (const event of events) {
      // The payload blocks are HTML-escaped on the page; read back as text they must be the example JSON again.
      const blocks = await page.locator(`section[id="event-${event.eventType}"] pre`).allInnerTexts();
      const shown = blocks.map((text) => JSON.parse(text) as unknown);
      for (const payload of event.payloads) expect(shown, event.eventType).toContainEqual(payload);
    }
    await page.screenshot({ path: join(SCREENSHOTS, 'index.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('asyncapi.html renders every event type', async () => {
    const { page, problems } = await open('asyncapi.html');
    const eventTypes = expectedEvents().map((e) => e.eventType);
    await expect.poll(async () => { const text = await bodyText(page); return eventTypes.filter((t) => !text.includes(t)); }, { timeout: 30_000 }).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'asyncapi.png') });
    expect(problems).toEqual([]);
  });

  it.each(openApiFiles)('the page for contracts/openapi/%s shows each operation', async (file) => {
    const name = basename(file, '.yaml');
    const { page, problems } = await open(`openapi-${name}.html`);
    const operations = expectedOperations(file);
    // Redoc shows one tag at a time: open each sidebar group in turn and collect what every view shows.
    const items = page.locator('[data-component-name="Menu/MenuItem"]');
    await expect.poll(() => items.count(), { timeout: 30_000 }).toBeGreaterThan(1);
    const groups = (await items.allInnerTexts()).slice(1).map((label) => label.trim());
    const missingOperations = async (): Promise<string[]> => {
      const seen: string[] = [await bodyText(page)];
      for (const group of groups) {
        await items.filter({ has: page.getByText(group, { exact: true }) }).first().click();
        await page.waitForLoadState('networkidle');
        seen.push(await bodyText(page));
      }
      const text = seen.join('\n');
      return operations.filter((op) => !text.includes(op.label) || !text.includes(op.path)).map((op) => `${op.method} ${op.path} (${op.label})`);
    };
    // Redoc renders a group after the click settles; on a loaded machine one pass may read a view
    // before it is drawn, so the walk is repeated until every operation was seen (or the timeout).
    await expect.poll(missingOperations, { timeout: 60_000, interval: 1_000 }).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, `openapi-${name}.png`) });
    expect(problems).toEqual([]);
  });
});
