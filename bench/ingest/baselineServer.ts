/**
 * The benchmark's baseline: a bare fastify route that only verifies the Kick RSA signature over
 * the raw body and answers 200. Run as a child process; prints its port on stdout.
 */
import { createPublicKey, verify } from 'node:crypto';
import Fastify from 'fastify';

const key = createPublicKey(process.env.BENCH_PUBLIC_KEY ?? '');
const app = Fastify({ logger: false, bodyLimit: 1_048_576 });
// Like the receivers: every body as raw bytes, whatever its content type (JSON included).
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhooks/kick', async (req, reply) => {
  const h = req.headers;
  const body = req.body as Buffer;
  const signed = Buffer.concat([Buffer.from(`${String(h['kick-event-message-id'])}.${String(h['kick-event-message-timestamp'])}.`), body]);
  const ok = verify('sha256', signed, key, Buffer.from(String(h['kick-event-signature']), 'base64'));
  return reply.code(ok ? 200 : 401).send({ status: ok ? 'accepted' : 'invalid' });
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
