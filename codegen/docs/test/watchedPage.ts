/**
 * Opens a docs page in its own browser context and records everything that says the page is broken
 * or not self-contained: console errors, uncaught exceptions, failed or non-2xx requests, and any
 * request that leaves the site (aborted, so the test never reaches the network).
 */
import type { Browser, Page } from 'playwright-core';

export interface WatchedPage {
  readonly page: Page;
  /** One line per problem seen so far; read it after the assertions on content, so late errors count. */
  readonly problems: string[];
  close(): Promise<void>;
}

function isLocal(url: string, origin: string): boolean {
  return url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith(`blob:${origin}/`);
}

/** Loads `${origin}/${path}` and waits until the network is idle. */
export async function openWatchedPage(browser: Browser, origin: string, path: string): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (isLocal(url, origin)) return route.continue();
    problems.push(`request left the site: ${url}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught exception: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  page.on('request', (request) => {
    if (!isLocal(request.url(), origin)) problems.push(`request left the site: ${request.url()}`);
  });
  await page.goto(`${origin}/${path}`, { waitUntil: 'networkidle' });
  return { page, problems, close: () => context.close() };
}
