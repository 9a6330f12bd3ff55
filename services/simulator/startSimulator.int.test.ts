import { createHmac, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { fastify, type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../shared/logging/createLogger.ts';
import { startSimulator } from './startSimulator.ts';

const SECRET = 'sim-int-secret';

/** A stand-in for the ingest role: counts and checks what arrives, answers 200 after `delayMs`. */
interface Receiver {
  readonly app: FastifyInstance;
  readonly url: string;
  readonly counts: { kick: number; sumsub: number; badSignature: number; maxInFlight: number };
}

async function startReceiver(publicKey: KeyObject, delayMs = 0): Promise<Receiver> {
  const app = fastify({ logger: false });
  const counts = { kick: 0, sumsub: 0, badSignature: 0, maxInFlight: 0 };
  let inFlight = 0;
  // Raw bytes, JSON included, as the ingest role reads them: signatures cover the bytes.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/webhooks/:provider', async (request, reply) => {
    inFlight += 1;
    counts.maxInFlight = Math.max(counts.maxInFlight, inFlight);
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const h = request.headers;
    const header = (name: string): string => String(h[name] ?? '');
    let ok: boolean;
    if ((request.params as { provider: string }).provider === 'kick') {
      counts.kick += 1;
      const signed = Buffer.concat([Buffer.from(`${header('kick-event-message-id')}.${header('kick-event-message-timestamp')}.`), body]);
      ok = verify('sha256', signed, publicKey, Buffer.from(header('kick-event-signature'), 'base64'));
    } else {
      counts.sumsub += 1;
      ok = header('x-payload-digest') === createHmac('sha256', SECRET).update(body).digest('hex');
    }
    if (!ok) counts.badSignature += 1;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    inFlight -= 1;
    return reply.code(ok ? 200 : 401).send({ status: 'accepted' });
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return { app, url: `http://127.0.0.1:${address.port}`, counts };
}

describe('startSimulator', () => {
  let keys: { publicKey: KeyObject; privateKey: KeyObject };
  let privateKeyPem: string;
  const receivers: Receiver[] = [];
  beforeAll(() => {
    keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.app.close()));
  });

  it('posts signed webhooks at the rate for the duration and counts the answers', async () => {
    const receiver = await startReceiver(keys.publicKey);
    receivers.push(receiver);
    const simulator = startSimulator({ ingestUrl: receiver.url, rate: 25, durationMs: 2000, kickPrivateKeyPem: privateKeyPem, sumsubSecret: SECRET, logger: silentLogger(), seed: 3 });
    await simulator.finished;
    const stats = simulator.stats();
    const received = receiver.counts.kick + receiver.counts.sumsub;
    expect(received).toBeGreaterThanOrEqual(45);
    expect(received).toBeLessThanOrEqual(51);
    expect(receiver.counts.kick).toBeGreaterThan(receiver.counts.sumsub);
    expect(receiver.counts.badSignature).toBe(0);
    expect(stats).toMatchObject({ sent: received, completed: received, byStatus: { '200': received } });
    expect(Object.values(stats.byType).reduce((a, b) => a + b, 0)).toBe(received);
  });

  it('keeps at most maxInFlight requests open against a slow receiver, and stop() waits for them', async () => {
    const receiver = await startReceiver(keys.publicKey, 200);
    receivers.push(receiver);
    const simulator = startSimulator({ ingestUrl: receiver.url, rate: 200, maxInFlight: 4, kickPrivateKeyPem: privateKeyPem, sumsubSecret: SECRET, logger: silentLogger(), seed: 4 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await simulator.stop();
    const stats = simulator.stats();
    expect(receiver.counts.maxInFlight).toBeLessThanOrEqual(4);
    // 4 at a time, 200 ms each: about 20 in a second, far below the asked 200.
    expect(stats.sent).toBeLessThan(40);
    expect(stats.completed).toBe(stats.sent);
    expect(stats.byStatus['200']).toBe(stats.sent);
  });

  it('counts requests that get no answer', async () => {
    const receiver = await startReceiver(keys.publicKey);
    await receiver.app.close();
    const simulator = startSimulator({ ingestUrl: receiver.url, rate: 20, durationMs: 300, kickPrivateKeyPem: privateKeyPem, sumsubSecret: SECRET, logger: silentLogger(), seed: 5 });
    await simulator.finished;
    const stats = simulator.stats();
    expect(stats.sent).toBeGreaterThan(0);
    expect(stats.byStatus).toEqual({ error: stats.sent });
  });

  it('refuses a key that is not a private key', () => {
    expect(() => startSimulator({ ingestUrl: 'http://127.0.0.1:1', kickPrivateKeyPem: 'nope', sumsubSecret: SECRET, logger: silentLogger() })).toThrow(/kickPrivateKeyPem/);
  });
});
