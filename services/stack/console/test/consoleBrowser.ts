/**
 * The console's browser tests drive Debian's Chromium through playwright-core (no browser is ever
 * downloaded). A watched page records everything that says the page is broken: console errors,
 * uncaught exceptions, failed requests, answers of 400 and above, and any request that leaves the
 * admin listener (aborted, so the test never reaches the network). A test that provokes an error
 * on purpose (a refused action) says which ones it expects.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts Chromium, or fails naming the package that provides it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: the console tests need Debian's Chromium (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A page and what went wrong on it. */
export interface WatchedPage {
  readonly page: Page;
  /** Problems not matched by `expected`; read after the assertions, so late errors count. */
  problems(): string[];
  close(): Promise<void>;
}

/** Opens `url` at `viewport` in a fresh context (its own sessionStorage); `expected` excuses problems a test provokes. */
export async function openWatched(browser: Browser, url: string, viewport: { width: number; height: number }, expected: readonly RegExp[] = []): Promise<WatchedPage> {
  const origin = new URL(url).origin;
  const context = await browser.newContext({ viewport, serviceWorkers: 'block' });
  const seen: string[] = [];
  await context.route('**/*', (route) => {
    const target = route.request().url();
    if (target.startsWith(`${origin}/`) || target.startsWith('data:')) return route.continue();
    seen.push(`request left the admin listener: ${target}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') seen.push(`console ${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => seen.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) seen.push(`HTTP ${String(response.status())}: ${response.request().method()} ${response.url()}`);
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page,
    problems: () => seen.filter((problem) => !expected.some((pattern) => pattern.test(problem))),
    close: () => context.close(),
  };
}

/** True when the page scrolls sideways (its content is wider than the window). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}
