/**
 * Sending a {@link WireRequest}: through `app.inject()` (fast, but it passes header bytes no real
 * HTTP parser would, such as CR, LF or NUL), or as raw bytes over a TCP socket to a listening app,
 * for what only the real parser decides (invalid header bytes, oversized headers, duplicated
 * header lines, Transfer-Encoding).
 */
import net from 'node:net';
import type { FastifyInstance } from 'fastify';
import { endpointPath, type WireRequest } from './wire.ts';

/** An answer: status, lower-case headers, body text. */
export interface Answer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends `request` through `app.inject()`; repeated header lines become one array header (joined as Node joins them). */
export async function injectWire(app: FastifyInstance, request: WireRequest): Promise<Answer> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of request.headers) {
    const previous = headers[name];
    headers[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const response = await app.inject({ method: 'POST', url: endpointPath[request.endpoint], headers, payload: request.body });
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) if (value !== undefined) flat[name.toLowerCase()] = String(value);
  return { status: response.statusCode, headers: flat, body: response.body };
}

/** The HTTP/1.1 bytes of `request`: header lines as given (latin1), then Content-Length unless `omitContentLength`. */
export function rawHttp(request: WireRequest, options: { readonly omitContentLength?: boolean } = {}): Buffer {
  const lines = [`POST ${endpointPath[request.endpoint]} HTTP/1.1`, 'Host: 127.0.0.1', ...request.headers.map(([name, value]) => `${name}: ${value}`)];
  if (options.omitContentLength !== true) lines.push(`Content-Length: ${String(request.body.length)}`);
  lines.push('Connection: close', '', '');
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), request.body]);
}

/** Writes `bytes` to 127.0.0.1:`port`, reads until the server closes (send `Connection: close`), and parses the answer. */
export function sendRaw(port: number, bytes: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      try {
        resolve(parseAnswer(Buffer.concat(chunks)));
      } catch (e: unknown) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
    // Not end(): a half-closed connection may lose its answer; `Connection: close` ends it.
    socket.write(bytes);
  });
}

function parseAnswer(bytes: Buffer): Answer {
  const end = bytes.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP answer: ${JSON.stringify(bytes.toString('latin1').slice(0, 200))}`);
  const [statusLine = '', ...lines] = bytes.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = bytes.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body: body.toString('utf8') };
}

function dechunk(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) return Buffer.concat(parts);
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

/** Starts `app` listening on 127.0.0.1, port 0, and returns the port. */
export async function listenLocal(app: FastifyInstance): Promise<number> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
}
