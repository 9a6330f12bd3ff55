/**
 * What the local stack's end-to-end tests share: a temporary VF_DATA_DIR, webhooks signed the
 * way the simulator and Sumsub sign them (with the stack's own local secrets), and polling.
 */
import { createHmac, createSign, randomUUID } from 'node:crypto';
import { request, type Agent } from 'node:http';
import { chmod, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { eventCatalogue, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import { eventExamples } from '../../../../generated/asyncapi/examples.ts';
import { pickFreePort } from '../../../shared/pg/embedded/freePort.ts';
import type { LocalSecrets } from '../../../shared/runtime/localSecrets.ts';

/** A fresh data directory the embedded PostgreSQL (run as `postgres` when we are root) can enter. */
export async function tempDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vf-stack-'));
  await chmod(dir, 0o755);
  return dir;
}

/** A webhook ready to POST. */
export interface SignedWebhook {
  readonly path: '/webhooks/kick' | '/webhooks/sumsub';
  readonly headers: Record<string, string>;
  readonly body: string;
}

function firstExample(type: EventType): Record<string, unknown> {
  const example = eventExamples[type][0];
  if (example === undefined) throw new Error(`no example of ${type}`);
  return structuredClone(example.payload) as Record<string, unknown>;
}

/**
 * A new chat message (unique id and content) signed with the simulator's key, as Kick signs;
 * `sentAt` in the past makes one the ingest role quarantines as outside its replay window.
 */
export function signedKickChat(secrets: LocalSecrets, messageId = `01KSTACK${randomUUID()}`, options: { readonly sentAt?: Date } = {}): SignedWebhook {
  const type: EventType = 'kick.chat.message.sent.v1';
  const payload = { ...firstExample(type), message_id: messageId, content: `hello from ${messageId}` };
  const body = JSON.stringify(payload);
  const timestamp = (options.sentAt ?? new Date()).toISOString();
  const signature = createSign('RSA-SHA256').update(`${messageId}.${timestamp}.${body}`).sign(secrets.kickSimulatorPrivateKeyPem, 'base64');
  const entry = eventCatalogue[type];
  return {
    path: '/webhooks/kick',
    body,
    headers: {
      'content-type': 'application/json',
      'kick-event-message-id': messageId,
      'kick-event-subscription-id': '01JSUBSCRIPTION000000000000',
      'kick-event-message-timestamp': timestamp,
      'kick-event-type': entry.providerName,
      'kick-event-version': entry.providerVersion ?? '1',
      'kick-event-signature': signature,
    },
  };
}

/** A Sumsub `applicantCreated` for a new applicant, with Sumsub's HMAC-SHA256 hex digest. */
export function signedSumsub(secrets: LocalSecrets): SignedWebhook {
  const body = JSON.stringify({ ...firstExample('sumsub.applicant_created.v1'), applicantId: randomUUID().replace(/-/g, '').slice(0, 24) });
  const digest = createHmac('sha256', secrets.sumsubWebhookSecret).update(body).digest('hex');
  return { path: '/webhooks/sumsub', body, headers: { 'content-type': 'application/json', 'x-payload-digest': digest, 'x-payload-digest-alg': 'HMAC_SHA256_HEX' } };
}

/** POSTs `webhook` to the public listener at `baseUrl`; the status and the answer's id. */
export async function post(baseUrl: string, webhook: SignedWebhook): Promise<{ status: number; id: string | null; answer: string | null }> {
  const response = await fetch(`${baseUrl}${webhook.path}`, { method: 'POST', headers: webhook.headers, body: webhook.body });
  const answer = (await response.json().catch(() => ({}))) as { id?: string; status?: string };
  return { status: response.status, id: answer.id ?? null, answer: answer.status ?? null };
}

/**
 * POSTs `webhook` over `agent`'s connections (keep-alive, like a busy sender), so a test can
 * close them when its senders go away; rejects when the request fails without an answer.
 */
export function postVia(agent: Agent, baseUrl: string, webhook: SignedWebhook): Promise<{ status: number; id: string | null }> {
  return new Promise((resolve, reject) => {
    const req = request(`${baseUrl}${webhook.path}`, { method: 'POST', agent, headers: webhook.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        let id: string | null = null;
        try {
          id = (JSON.parse(Buffer.concat(chunks).toString()) as { id?: string }).id ?? null;
        } catch {
          id = null;
        }
        resolve({ status: res.statusCode ?? 0, id });
      });
    });
    req.on('error', reject);
    req.end(webhook.body);
  });
}

/** One query's first column of the first row, as a number. */
export async function scalar(url: string, text: string, values: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(text, values);
    return Number(Object.values(rows[0] ?? {})[0] ?? Number.NaN);
  } finally {
    await client.end();
  }
}

/** Deliveries by target, status, last answer and type, for a failure message. */
export async function deliverySummary(dmUrl: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: dmUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT d.target, d.status, d.last_result, o.type, count(*)::int AS n, max(d.last_error) AS error
         FROM ingest.outbox_delivery d JOIN ingest.outbox o ON o.position = d.outbox_position
        GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

/** Polls `probe` until it returns true, or fails after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, probe: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(200);
  }
}

/**
 * Free listener ports for a stack started as a process, below the kernel's ephemeral range: a
 * port picked from that range can be taken by any outgoing connection (to PostgreSQL, say)
 * before the child process binds it. The environment port's successor is free too (the stack
 * puts production on ENV_API_PORT + 1).
 */
export async function freeStackPorts(): Promise<{ ingest: number; admin: number; stage: number; production: number }> {
  const taken = new Set<number>();
  const free = async (consecutive: number): Promise<number> => {
    for (;;) {
      const port = 20_000 + Math.floor(Math.random() * 12_000);
      const candidates = Array.from({ length: consecutive }, (_, i) => port + i);
      if (candidates.some((p) => taken.has(p))) continue;
      const bound = await Promise.all(candidates.map((p) => pickFreePort(p)));
      if (bound.every((p, i) => p === candidates[i])) {
        for (const p of candidates) taken.add(p);
        return port;
      }
    }
  };
  const ingest = await free(1);
  const admin = await free(1);
  const stage = await free(2);
  return { ingest, admin, stage, production: stage + 1 };
}

/** True while a process with this pid exists (and is not a zombie). */
export { isProcessAlive } from '../../../shared/pg/embedded/leftoverPostmaster.ts';
