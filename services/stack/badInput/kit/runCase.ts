/**
 * Runs corpus cases against the real apps and checks each one: the documented answer (status, code
 * or reason, body shape), exactly the effect that answer promises in the databases and nothing
 * more, and then a valid delivery on the same endpoint, which must be kept. {@link CorpusRunner.keptOnce}
 * finally checks that every good delivery of the run is stored exactly once and nothing else is.
 */
import { expect } from 'vitest';
import { EVENT_TYPES, type EventType } from '../../../../generated/asyncapi/catalogue.ts';
import type { KickSigner } from '../../../ingest/app/test/publicAppHarness.ts';
import { bodyOf, undocumentedAnswer } from './answers.ts';
import type { BadInputStack } from './badInputStack.ts';
import type { CorpusCase, CorpusContext, Expected, RawRequest } from './corpusCase.ts';
import { injectWire, rawHttp, sendRaw, type Answer } from './transport.ts';
import { KICK_TYPES, signedBatch, SUMSUB_TYPES, validEnvelope, validKick, validSumsub } from './validDeliveries.ts';
import type { Endpoint, WireRequest } from './wire.ts';

/** Runs cases in order; one runner per test file. */
export interface CorpusRunner {
  run(c: CorpusCase): Promise<void>;
  /** Every accepted (ingest) and processed (environment) id of the run is stored exactly once, and nothing else is. */
  keptOnce(): Promise<void>;
}

interface Ids {
  readonly accepted: string[];
  readonly quarantined: string[];
  readonly processed: string[];
}

function isRaw(request: WireRequest | RawRequest): request is RawRequest {
  return 'raw' in request;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/** The JSON a body holds, read as the receivers read it (UTF-8, a leading BOM dropped). */
function parsedBody(body: Buffer): unknown {
  return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)) as unknown;
}

/** A runner over `stack`, whose apps listen on `ports` for socket cases. */
export function corpusRunner(stack: BadInputStack, ports: { readonly ingest: number; readonly env: number }, otherKick: KickSigner): CorpusRunner {
  const ids: Ids = { accepted: [], quarantined: [], processed: [] };
  let count = 0;

  const send = async (endpoint: Endpoint, request: WireRequest | RawRequest, socket: boolean): Promise<Answer> => {
    const port = endpoint === 'events' ? ports.env : ports.ingest;
    if (isRaw(request)) return sendRaw(port, request.raw);
    if (socket) return sendRaw(port, rawHttp(request));
    return injectWire(endpoint === 'events' ? stack.envApp : stack.ingestApp, request);
  };

  const checkAnswer = (endpoint: Endpoint, expected: Expected, answer: Answer): string | null => {
    if (expected.answer === 'httpParser') {
      expect(answer.status, answer.body).toBe(expected.status);
      return null;
    }
    expect(undocumentedAnswer(endpoint, answer)).toBeNull();
    const body = record(bodyOf(answer));
    switch (expected.answer) {
      case 'accepted':
        expect([answer.status, body.status]).toEqual([200, 'accepted']);
        return String(body.id);
      case 'quarantined':
        expect([answer.status, body.status, body.reason]).toEqual([202, 'quarantined', expected.reason]);
        return String(body.id);
      case 'refused':
        expect([answer.status, body.code]).toEqual([expected.status, expected.code]);
        return null;
      case 'results': {
        const got = (Array.isArray(body.results) ? body.results : []).map(record);
        expect([answer.status, got.map((r) => ({ status: r.status, code: record(r.error).code }))]).toEqual([200, expected.results.map((r) => ({ status: r.status, code: r.code }))]);
        for (const r of got) if (r.status === 'processed') ids.processed.push(String(r.id));
        return got[0]?.id === undefined ? null : String(got[0].id);
      }
    }
  };

  const checkIngestEffect = async (expected: Expected, id: string | null, before: Awaited<ReturnType<typeof stack.ledger.ingestTotals>>, sent: Buffer | null): Promise<void> => {
    const after = await stack.ledger.ingestTotals();
    const grew = { inbox: after.inbox - before.inbox, quarantined: after.quarantined - before.quarantined, outbox: after.outbox - before.outbox, quarantine: after.quarantine - before.quarantine };
    if (expected.answer === 'accepted' && id !== null) {
      expect(grew).toEqual({ inbox: 1, quarantined: 0, outbox: 1, quarantine: 0 });
      const row = await stack.ledger.inboxRow(id);
      expect(row?.status).toBe('accepted');
      if (sent !== null) {
        expect(row?.rawBody?.equals(sent)).toBe(true);
        expect((await stack.ledger.outboxEnvelope(id))?.data).toEqual(parsedBody(sent));
      }
      ids.accepted.push(id);
    } else if (expected.answer === 'quarantined' && id !== null) {
      expect(grew).toEqual({ inbox: 1, quarantined: 1, outbox: 0, quarantine: 1 });
      const row = await stack.ledger.inboxRow(id);
      expect([row?.status, row?.reason]).toEqual(['quarantined', expected.reason]);
      if (sent !== null) expect(row?.rawBody?.equals(sent)).toBe(true);
      ids.quarantined.push(id);
    } else {
      expect(grew).toEqual({ inbox: 0, quarantined: 0, outbox: 0, quarantine: 0 });
    }
  };

  /** A valid delivery after every case, of each endpoint's types in turn: it must be kept. */
  const sendValid = async (endpoint: Endpoint, n: number, ctx: CorpusContext): Promise<void> => {
    const pick = (types: readonly EventType[]): EventType => types[n % types.length] ?? 'kick.chat.message.sent.v1';
    const request =
      endpoint === 'kick' ? validKick(ctx.kick, pick(KICK_TYPES), `valid-${String(n)}`) : endpoint === 'sumsub' ? validSumsub(pick(SUMSUB_TYPES), `valid-${String(n)}`) : signedBatch([validEnvelope(pick(EVENT_TYPES))]);
    const before = endpoint === 'events' ? null : await stack.ledger.ingestTotals();
    const answer = await send(endpoint, request, false);
    const expected: Expected = endpoint === 'events' ? { answer: 'results', results: [{ status: 'processed' }] } : { answer: 'accepted' };
    const id = checkAnswer(endpoint, expected, answer);
    if (before !== null) await checkIngestEffect(expected, id, before, request.body);
  };

  return {
    async run(c) {
      count += 1;
      const ctx: CorpusContext = { kick: stack.kick, otherKick, tag: `corpus-${String(count)}` };
      const request = c.request(ctx);
      const ingestBefore = c.endpoint === 'events' ? null : await stack.ledger.ingestTotals();
      const processedBefore = await stack.ledger.processedCount();
      const answer = await send(c.endpoint, request, c.transport === 'socket');
      const id = checkAnswer(c.endpoint, c.expect, answer);
      if (ingestBefore !== null) {
        await checkIngestEffect(c.expect, id, ingestBefore, isRaw(request) ? null : request.body);
      } else {
        const processed = c.expect.answer === 'results' ? c.expect.results.filter((r) => r.status === 'processed').length : 0;
        expect(await stack.ledger.processedCount()).toBe(processedBefore + processed);
      }
      await c.verify?.({ ledger: stack.ledger, id });
      await sendValid(c.endpoint, count, ctx);
    },
    async keptOnce() {
      const stored = await stack.ledger.ingestIds();
      const sorted = (list: readonly string[]): string[] => [...list].sort();
      expect(sorted(stored.inboxEnvelopes)).toEqual(sorted(ids.accepted));
      expect(sorted(stored.outboxEnvelopes)).toEqual(sorted(ids.accepted));
      expect(sorted(stored.inboxQuarantined)).toEqual(sorted(ids.quarantined));
      expect(sorted(await stack.ledger.processedIds())).toEqual(sorted(ids.processed));
    },
  };
}
