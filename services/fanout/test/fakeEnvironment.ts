/**
 * Test helper: a real local HTTP receiver on 127.0.0.1 (fastify, port 0) standing in for an
 * environment's `POST /internal/events`. It records every request (headers and raw body) and
 * answers what the test says; by default it verifies the signature with the official
 * `standardwebhooks` package against its secrets (401 when none verifies) and answers every event
 * `processed`.
 */
import { fastify, type FastifyInstance } from 'fastify';
import { Webhook } from 'standardwebhooks';
import { serializerCompiler, validatorCompiler } from '../../../generated/openapi/validatorCompiler.ts';

/** One request as received. */
export interface ReceivedRequest {
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The envelope ids of the batch, in order. */
  readonly ids: readonly string[];
  /** Whether the official verifier accepted it with one of the receiver's secrets (at receipt). */
  readonly verified: boolean;
}

/** An answer: status, JSON body, headers, and an optional delay before answering. */
export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** Decides the answer to a request. */
export type Responder = (request: ReceivedRequest) => FakeAnswer;

/** A running fake environment. */
export interface FakeEnvironment {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  /** Replace the answer logic (default: {@link answerAll}('processed') when verified, else 401). */
  respond: Responder;
  close(): Promise<void>;
}

/** Whether `request` verifies with `secret` under the official package. */
export function verifiesWith(request: ReceivedRequest, secret: string): boolean {
  try {
    new Webhook(secret).verify(request.body, { ...request.headers });
    return true;
  } catch {
    return false;
  }
}

/** 200 with the same status for every event of the request. */
export function answerAll(status: 'processed' | 'duplicate' | 'rejected' | 'unsupported' | 'failed'): Responder {
  return (request) => ({ status: 200, body: { results: request.ids.map((id) => ({ id, status })) } });
}

/** Starts a receiver that knows `secrets`. */
export async function startFakeEnvironment(secrets: readonly string[]): Promise<FakeEnvironment> {
  const app: FastifyInstance = fastify({ logger: false, bodyLimit: 16 * 1024 * 1024 });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const requests: ReceivedRequest[] = [];
  const env: FakeEnvironment = {
    url: '',
    requests,
    respond: (request) => (request.verified ? answerAll('processed')(request) : { status: 401, body: { code: 'ENVAPI_SIGNATURE_INVALID', message: 'no signature matches' } }),
    close: () => app.close(),
  };
  app.post('/internal/events', async (request, reply) => {
    const body = typeof request.body === 'string' ? request.body : '';
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers[name] = value;
    const parsed: unknown = JSON.parse(body);
    const ids = Array.isArray(parsed) ? parsed.map((e: unknown) => String((e as { id?: unknown }).id)) : [];
    const partial = { headers, body, ids, verified: false };
    const received: ReceivedRequest = { ...partial, verified: secrets.some((s) => verifiesWith(partial, s)) };
    requests.push(received);
    const answer = env.respond(received);
    if (answer.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    void reply.code(answer.status).headers(answer.headers ?? {});
    return reply.send(answer.body === undefined ? '' : JSON.stringify(answer.body));
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return Object.assign(env, { url: `${address}/internal/events` });
}
