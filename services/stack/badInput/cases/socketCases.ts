/**
 * Raw bytes on a real connection, for what only Node's HTTP parser decides: header values with
 * CR, LF or NUL (header injection), headers over its 16 KiB limit, repeated header lines (joined
 * with ", " before any route sees them), non-ASCII header bytes, and body framing. The parser
 * refuses malformed requests itself (400, 431 with fastify's client-error body) before any route
 * runs; what it lets through gets the route's documented answer.
 */
import { v7 as uuidv7 } from 'uuid';
import { accepted, quarantined, refused, results, type CorpusCase, type CorpusContext, type Expected } from '../kit/corpusCase.ts';
import { rawHttp } from '../kit/transport.ts';
import { validEnvelope, validKick, validSumsub } from '../kit/validDeliveries.ts';
import { eventsWire, headerOf, withBody, withHeader, type Endpoint, type WireRequest } from '../kit/wire.ts';
import { NEW_SECRET } from '../../../env-api/test/envAppHarness.ts';

const CHAT = 'kick.chat.message.sent.v1';

const parser400: Expected = { answer: 'httpParser', status: 400 };
const parser431: Expected = { answer: 'httpParser', status: 431 };

const valid: { readonly [E in Endpoint]: (ctx: CorpusContext) => WireRequest } = {
  kick: (ctx) => validKick(ctx.kick, CHAT, ctx.tag),
  sumsub: (ctx) => validSumsub('sumsub.applicant_reviewed.v1', ctx.tag),
  events: () => eventsWire(JSON.stringify([validEnvelope(CHAT)]), { secrets: [NEW_SECRET], at: new Date(), msgId: `batch-${uuidv7()}` }),
};

/**
 * Per endpoint: its signature header, another header it reads, and a signed header that, sent
 * twice, no longer verifies (Node joins the lines: `a, a`). A repeated `webhook-signature` is not
 * one: its joined value `v1,x, v1,x` still holds the intact entry `v1,x`.
 */
const headers: { readonly [E in Endpoint]: { readonly signature: string; readonly other: string; readonly twice: string } } = {
  kick: { signature: 'Kick-Event-Signature', other: 'Kick-Event-Type', twice: 'Kick-Event-Signature' },
  sumsub: { signature: 'X-Payload-Digest', other: 'X-Payload-Digest-Alg', twice: 'X-Payload-Digest' },
  events: { signature: 'webhook-signature', other: 'webhook-id', twice: 'webhook-id' },
};

/** `request` with the line `name: value` added after its own (a repeated header). */
function repeated(request: WireRequest, name: string, value: string): WireRequest {
  return { ...request, headers: [...request.headers, [name, value]] };
}

function parserCases(endpoint: Endpoint): CorpusCase[] {
  const { signature, other, twice } = headers[endpoint];
  const make = (name: string, change: (r: WireRequest) => WireRequest, expect: Expected): CorpusCase => ({
    name: `${endpoint} over a socket: ${name}`,
    endpoint,
    transport: 'socket',
    request: (ctx) => change(valid[endpoint](ctx)),
    expect,
  });
  return [
    make(`a bare CR in ${other}`, (r) => withHeader(r, other, `${headerOf(r, other) ?? ''}\rX-Injected: 1`), parser400),
    make(`a bare LF in ${other} smuggling a second ${signature}`, (r) => withHeader(r, other, `${headerOf(r, other) ?? ''}\n${signature}: forged`), parser400),
    make(`NUL in ${other}`, (r) => withHeader(r, other, `${headerOf(r, other) ?? ''}\u0000`), parser400),
    make('headers over 16 KiB', (r) => withHeader(r, 'X-Padding', 'p'.repeat(17 * 1024)), parser431),
    make('Content-Length and Transfer-Encoding together', (r) => withHeader(r, 'Transfer-Encoding', 'chunked'), parser400),
    make(`the ${twice} line twice`, (r) => repeated(r, twice, headerOf(r, twice) ?? ''), refused(401, endpoint === 'events' ? 'ENVAPI_SIGNATURE_INVALID' : 'INGEST_SIGNATURE_INVALID')),
  ];
}

/** `request` sent with a chunked body instead of Content-Length. */
function chunked(request: WireRequest): { endpoint: Endpoint; raw: Buffer } {
  const head = rawHttp(withBody(withHeader(request, 'Transfer-Encoding', 'chunked'), Buffer.alloc(0)), { omitContentLength: true });
  const half = Math.floor(request.body.length / 2);
  const chunk = (part: Buffer): Buffer => Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]);
  return { endpoint: request.endpoint, raw: Buffer.concat([head, chunk(request.body.subarray(0, half)), chunk(request.body.subarray(half)), Buffer.from('0\r\n\r\n')]) };
}

const passedCases: CorpusCase[] = [
  {
    name: 'kick over a socket: header names in upper case, values padded with spaces',
    endpoint: 'kick',
    transport: 'socket',
    request: (ctx) => {
      const request = valid.kick(ctx);
      return { ...request, headers: request.headers.map(([name, value]) => [name.toUpperCase(), `  ${value}  `] as const) };
    },
    expect: accepted,
  },
  { name: 'kick over a socket: a non-ASCII byte (0xE9) in Kick-Event-Type', endpoint: 'kick', transport: 'socket', request: (ctx) => withHeader(valid.kick(ctx), 'Kick-Event-Type', 'chat.message.sent\u00e9'), expect: quarantined('INGEST_EVENT_TYPE_UNKNOWN') },
  { name: 'kick over a socket: Kick-Event-Message-Id twice', endpoint: 'kick', transport: 'socket', request: (ctx) => repeated(valid.kick(ctx), 'Kick-Event-Message-Id', `01KOTHER${ctx.tag}`), expect: refused(401, 'INGEST_SIGNATURE_INVALID') },
  { name: 'kick over a socket: a chunked body', endpoint: 'kick', request: (ctx) => chunked(valid.kick(ctx)), expect: accepted },
  { name: 'sumsub over a socket: a chunked body', endpoint: 'sumsub', request: (ctx) => chunked(valid.sumsub(ctx)), expect: accepted },
  { name: 'events over a socket: a chunked body', endpoint: 'events', request: (ctx) => chunked(valid.events(ctx)), expect: results({ status: 'processed' }) },
  {
    name: 'kick over a socket: invalid UTF-8 in the body',
    endpoint: 'kick',
    transport: 'socket',
    request: (ctx) => validKick(ctx.kick, CHAT, ctx.tag, { body: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }),
    expect: quarantined('INGEST_BODY_NOT_JSON'),
  },
];

/** Cases sent as raw bytes to listening apps. */
export const socketCases: readonly CorpusCase[] = [...(['kick', 'sumsub', 'events'] as const).flatMap(parserCases), ...passedCases];
