/**
 * A closed-loop load generator: `concurrency` workers over keep-alive connections, each sending
 * the next pre-built request as soon as its previous answer arrived. Latency is measured per
 * request from write to full response.
 */
import { Agent, request } from 'node:http';
import type { SignedRequest } from './signedRequests.ts';

/** What one run measured. */
export interface LoadResult {
  requests: number;
  seconds: number;
  perSecond: number;
  latenciesMs: number[];
  statuses: Record<string, number>;
}

function send(agent: Agent, url: URL, req: SignedRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const r = request(url, { method: 'POST', agent, headers: { ...req.headers, 'content-length': String(req.body.length) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Sends every request once, `concurrency` at a time, to `url`. */
export function runLoad(url: string, requests: readonly SignedRequest[], concurrency: number): Promise<LoadResult> {
  return runLoadFor(url, requests, concurrency, Number.POSITIVE_INFINITY);
}

/** Like {@link runLoad}, but stops issuing new requests after `durationMs` (or when `requests` run out). */
export async function runLoadFor(url: string, requests: readonly SignedRequest[], concurrency: number, durationMs: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const latenciesMs: number[] = [];
  const statuses: Record<string, number> = {};
  let next = 0;
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (next < requests.length && performance.now() - started < durationMs) {
      const req = requests[next];
      next += 1;
      if (req === undefined) return;
      const t0 = performance.now();
      const status = await send(agent, target, req);
      latenciesMs.push(performance.now() - t0);
      statuses[String(status)] = (statuses[String(status)] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { requests: next, seconds, perSecond: next / seconds, latenciesMs, statuses };
}
