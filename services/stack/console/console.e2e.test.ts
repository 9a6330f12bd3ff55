/**
 * The operator console in Debian's headless Chromium against the real local stack in this process
 * (embedded PostgreSQL and ClickHouse in a temporary VF_DATA_DIR, stage and production, ephemeral
 * ports). The console is built first into dist/console, where the ingest role serves it from.
 * Screenshots go to test-artifacts/console/.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../../generated/asyncapi/catalogue.ts';
import { buildConsole } from '../../ingest/console/buildConsole.ts';
import { loadConfig } from '../../shared/config/loadConfig.ts';
import { silentLogger } from '../../shared/logging/createLogger.ts';
import { databaseUrl } from '../../shared/pg/databaseUrl.ts';
import { readLocalSecrets, type LocalSecrets } from '../../shared/runtime/localSecrets.ts';
import { readRuntimeFile } from '../../shared/runtime/runtimeFile.ts';
import { startLocalStack, type RunningLocalStack } from '../local/startLocalStack.ts';
import { freeStackPorts, post, scalar, signedKickChat, signedSumsub, tempDataDir, waitUntil } from '../local/test/localStackTestKit.ts';
import { launchChromium, openWatched, scrollsSideways, type WatchedPage } from './test/consoleBrowser.ts';

const SCREENSHOTS = resolve(import.meta.dirname, '../../../test-artifacts/console');
const WIDE = { width: 1280, height: 800 };
const NARROW = { width: 400, height: 800 };
const THREE_DAYS_MS = 3 * 86_400_000;
const ADMIN_TOKEN = 'console-e2e-s3cret';

let dataDir = '';
let stack: RunningLocalStack | undefined;
let secrets: LocalSecrets;
let serverUrl = '';
let browser: Browser | undefined;
const pages: WatchedPage[] = [];

async function start(env: Record<string, string> = {}): Promise<RunningLocalStack> {
  const config = loadConfig('local', { VF_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
  const started = await startLocalStack({ config, logger: silentLogger(), ports: await freeStackPorts() });
  serverUrl = (await readRuntimeFile(dataDir))?.postgres.url ?? '';
  return started;
}

function running(): RunningLocalStack {
  if (stack === undefined) throw new Error('the stack is not running');
  return stack;
}

const publicUrl = (): string => new URL(running().urls.webhooksKick).origin;

/** The console, refreshing every second, in a fresh browser context. */
async function openConsole(viewport = WIDE, expected: readonly RegExp[] = []): Promise<WatchedPage> {
  if (browser === undefined) throw new Error('the browser did not start');
  const watched = await openWatched(browser, `${running().urls.admin}/console/?refresh=1`, viewport, expected);
  pages.push(watched);
  await watched.page.locator('[data-stage="received"]').waitFor();
  return watched;
}

/** A figure of the page as a number (`1,234` → 1234). */
async function figure(page: Page, selector: string): Promise<number> {
  return Number((await page.locator(selector).innerText()).replace(/,/g, ''));
}

async function chatRows(database: string, messageId: string): Promise<number> {
  return scalar(databaseUrl(serverUrl, database), 'SELECT count(*) FROM kick_chat_messages WHERE message_id = $1', [messageId]);
}

/** A screenshot of the whole page, and with `window` also of the window as the operator sees it first. */
async function shoot(page: Page, name: string, window = false): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (window) await page.screenshot({ path: join(SCREENSHOTS, `${name}-window.png`) });
}

beforeAll(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  await buildConsole();
  dataDir = await tempDataDir();
  stack = await start();
  const loaded = await readLocalSecrets(dataDir, ['stage', 'production']);
  if (loaded === null) throw new Error('the stack wrote no secrets.json');
  secrets = loaded;
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  for (const watched of pages) await watched.close().catch(() => undefined);
  await browser?.close();
  await stack?.stop();
  if (dataDir !== '') await rm(dataDir, { recursive: true, force: true });
}, 120_000);

describe('the operator console', () => {
  it('is served on the admin listener, never on the public one', async () => {
    const page = await fetch(`${running().urls.admin}/console/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>Verifluence data plane: operator console</title>');
    for (const path of ['/console', '/console/', '/console/app.js']) expect([path, (await fetch(`${publicUrl()}${path}`)).status]).toEqual([path, 404]);
  });

  it('loads without errors and shows the pipeline per target, the charts and the catalogue linked into /docs', async () => {
    const { page, problems } = await openConsole();
    for (const target of ['stage', 'production']) await page.locator(`[data-target="${target}"][data-count="delivered"]`).waitFor();
    await expect.poll(() => page.locator('#catalogue-body tbody tr').count()).toBe(EVENT_TYPES.length);
    expect(await page.locator('tr[data-type="kick.chat.message.sent.v1"] a').getAttribute('href')).toBe('/docs/#event-kick.chat.message.sent.v1');
    await page.locator('#rates-plot canvas').waitFor();
    await page.locator('#lag-plot canvas').waitFor();
    expect(await page.locator('#quarantine-body [data-count="quarantine"]').innerText()).toBe('Nothing is quarantined.');
    expect(await scrollsSideways(page)).toBe(false);
    await shoot(page, 'console-1280x800', true);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('counts change when signed webhooks arrive', async () => {
    const { page, problems } = await openConsole();
    const received = await figure(page, '[data-stage="received"]');
    const delivered = await figure(page, '[data-target="production"][data-count="delivered"]');
    const answers = await Promise.all([post(publicUrl(), signedKickChat(secrets)), post(publicUrl(), signedKickChat(secrets)), post(publicUrl(), signedKickChat(secrets)), post(publicUrl(), signedSumsub(secrets))]);
    expect(answers.map((a) => a.answer)).toEqual(['accepted', 'accepted', 'accepted', 'accepted']);
    await expect.poll(() => figure(page, '[data-stage="received"]'), { timeout: 20_000 }).toBe(received + 4);
    await expect.poll(() => figure(page, '[data-target="production"][data-count="delivered"]'), { timeout: 60_000 }).toBe(delivered + 4);
    await expect.poll(() => page.locator('#rates-summary').innerText(), { timeout: 20_000 }).toContain('kick.chat.message.sent.v1');
    await shoot(page, 'console-after-webhooks');
    expect(problems()).toEqual([]);
  }, 90_000);

  it('releases a quarantined webhook with its Replay button, and it reaches both environments', async () => {
    const { page, problems } = await openConsole();
    const late = signedKickChat(secrets, `01KOLD${randomUUID()}`, { sentAt: new Date(Date.now() - THREE_DAYS_MS) });
    const messageId = late.headers['kick-event-message-id'] ?? '';
    expect(await post(publicUrl(), late)).toMatchObject({ status: 202, answer: 'quarantined' });
    const entry = page.locator('li.entry', { hasText: messageId });
    await entry.waitFor({ timeout: 20_000 });
    expect(await entry.locator('[data-field="reason"]').innerText()).toContain('INGEST_TIMESTAMP_OUTSIDE_WINDOW');
    await entry.locator('summary').click();
    await expect.poll(() => entry.locator('[data-raw="body"]').innerText()).toContain(`"message_id": "${messageId}"`);
    await shoot(page, 'console-quarantine');

    await entry.getByRole('button', { name: /^Replay kick chat\.message\.sent\/1/ }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toContain('1 released');
    await waitUntil('both environments projected the replayed message', async () => (await chatRows('vf_stage', messageId)) === 1 && (await chatRows('vf_production', messageId)) === 1);
    await entry.waitFor({ state: 'detached', timeout: 20_000 });
    expect(problems()).toEqual([]);
  }, 90_000);

  it('finds a channel by slug and shows its chat histogram, sessions and slug history', async () => {
    const { page, problems } = await openConsole();
    await page.getByLabel('Slug or broadcaster id').fill('broadcaster_chan');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => page.locator('#channel-title').innerText()).toBe('broadcaster_channel (broadcaster_name)');
    // The three chat messages of the earlier test, once the raw sink has written them to ClickHouse.
    await expect.poll(() => page.locator('#chat-summary').getAttribute('data-total'), { timeout: 30_000 }).toBe('3');
    expect(await page.locator('#channel-slugs').innerText()).toContain('broadcaster_channel');
    expect(await page.locator('#viewers-summary').innerText()).toContain('No viewer probes');
    await shoot(page, 'console-channel');
    expect(problems()).toEqual([]);
  }, 60_000);

  it('fits a 400 px wide window without scrolling sideways', async () => {
    const { page, problems } = await openConsole(NARROW);
    await page.locator('#catalogue-body tbody tr').first().waitFor();
    await page.locator('#rates-plot canvas').waitFor();
    expect(await scrollsSideways(page)).toBe(false);
    await shoot(page, 'console-400x800', true);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('is keyboard reachable, with labelled controls, landmarks and a visible focus', async () => {
    const { page, problems } = await openConsole();
    await page.keyboard.press('Tab');
    const skip = await page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement ?? document.body).outlineStyle }));
    expect(skip).toEqual({ text: 'Skip to the console', outline: 'solid' });
    let reached = false;
    for (let i = 0; i < 20 && !reached; i += 1) {
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.id === 'token-input');
    }
    expect(reached).toBe(true);
    const unlabelled = await page.evaluate(() =>
      Array.from(document.querySelectorAll('input, button, a[href], summary'))
        .filter((e) => (e instanceof HTMLInputElement ? e.labels?.length === 0 && !e.getAttribute('aria-label') : (e.getAttribute('aria-label') ?? e.textContent ?? '').trim() === ''))
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    expect(unlabelled).toEqual([]);
    for (const role of ['banner', 'navigation', 'main'] as const) expect([role, await page.getByRole(role).first().isVisible()]).toEqual([role, true]);
    expect(await page.getByRole('heading', { level: 1 }).count()).toBe(1);
    expect(problems()).toEqual([]);
  }, 60_000);

  it('with ADMIN_TOKEN set, says an action without the token was refused, and does it once the token is entered', async () => {
    await running().stop();
    stack = await start({ ADMIN_TOKEN });
    const late = signedKickChat(secrets, `01KOLD${randomUUID()}`, { sentAt: new Date(Date.now() - THREE_DAYS_MS) });
    const messageId = late.headers['kick-event-message-id'] ?? '';
    expect(await post(publicUrl(), late)).toMatchObject({ status: 202, answer: 'quarantined' });
    // The refusals are the point of this test: their HTTP answers are expected, nothing else is.
    const refused = [/HTTP 40[13]: POST .*\/admin\/quarantine\/replay$/, /console error: Failed to load resource: the server responded with a status of 40[13]/];
    const { page, problems } = await openConsole(WIDE, refused);
    const entry = page.locator('li.entry', { hasText: messageId });
    await entry.waitFor({ timeout: 20_000 });
    const replay = entry.getByRole('button', { name: /^Replay / });
    const alert = page.getByRole('alert');

    await replay.click();
    await expect.poll(() => alert.innerText()).toContain('Refused (401 INGEST_ADMIN_TOKEN_MISSING)');
    expect(await alert.innerText()).toContain('Enter the admin token');
    await shoot(page, 'console-refused', true);
    expect(await chatRows('vf_production', messageId)).toBe(0);

    await alert.getByRole('button', { name: 'Enter the admin token' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('token-input');
    await page.keyboard.type('not-the-token');
    await page.keyboard.press('Enter');
    await replay.click();
    await expect.poll(() => alert.innerText()).toContain('Refused (403 INGEST_ADMIN_TOKEN_INVALID)');

    await page.getByRole('textbox', { name: 'Admin token' }).fill(ADMIN_TOKEN);
    await page.getByRole('button', { name: 'Save token' }).click();
    await replay.click();
    await expect.poll(() => alert.innerText()).toContain('1 released');
    await waitUntil('both environments projected the replayed message', async () => (await chatRows('vf_stage', messageId)) === 1 && (await chatRows('vf_production', messageId)) === 1);
    expect(problems()).toEqual([]);
  }, 180_000);
});
