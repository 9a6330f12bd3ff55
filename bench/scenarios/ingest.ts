/**
 * Ingest benchmark (issue "Ingest tier"): accepted Kick webhooks per second and acknowledgement
 * latency p50/p99 at concurrency 64 over a mix of the 10 event types, beside a same-run
 * baseline (a bare fastify route that only verifies the RSA signature and answers 200), and
 * the ingest process's peak RSS under that load. Both servers run as child processes; this
 * process is the load generator, so all three share the machine's cores.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { percentile, round } from '../lib/stats.ts';
import { cpuSnapshot } from '../ingest/cpuAccounting.ts';
import { runLoad, type LoadResult } from '../ingest/loadGenerator.ts';
import { signedKickRequests } from '../ingest/signedRequests.ts';

const CONCURRENCY = 64;
const WARMUP = 2_000;
const MEASURED = 30_000;

interface Child {
  process: ChildProcess;
  port: number;
}

async function startChild(root: string, script: string, env: Record<string, string>): Promise<Child> {
  // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of each server child there (to see where its time goes).
  const profile = process.env.BENCH_CPU_PROF === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`];
  const child = spawn(process.execPath, [...profile, join(root, script)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  for await (const line of lines) {
    const parsed = JSON.parse(line) as { port?: number };
    if (typeof parsed.port === 'number') return { process: child, port: parsed.port };
  }
  throw new Error(`${script} exited before printing its port`);
}

async function stopChild(child: Child): Promise<void> {
  const exited = new Promise((resolve) => child.process.once('exit', resolve));
  child.process.kill('SIGTERM');
  await exited;
}

async function rssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return kb === undefined ? 0 : Number(kb) * 1024;
}

/** Runs the load against one child while sampling its RSS every 100 ms. */
interface Measured extends LoadResult {
  peakRssBytes: number;
  /** CPU seconds per 1,000 requests, by process. */
  cpuPer1000: { server: number; postgres: number; loadGenerator: number };
}

async function measure(child: Child, signingKey: KeyObject, total: number): Promise<Measured> {
  const url = `http://127.0.0.1:${child.port}/webhooks/kick`;
  await runLoad(url, signedKickRequests(WARMUP, signingKey), CONCURRENCY);
  const requests = signedKickRequests(total, signingKey);
  let peak = 0;
  const pid = child.process.pid ?? 0;
  const sampler = setInterval(() => {
    void rssBytes(pid).then((rss) => {
      peak = Math.max(peak, rss);
    });
  }, 100);
  const before = await cpuSnapshot(pid);
  const result = await runLoad(url, requests, CONCURRENCY);
  const after = await cpuSnapshot(pid);
  clearInterval(sampler);
  peak = Math.max(peak, await rssBytes(pid));
  const per1000 = (a: number, b: number): number => round(((a - b) * 1000) / total, 3);
  return {
    ...result,
    peakRssBytes: peak,
    cpuPer1000: { server: per1000(after.server, before.server), postgres: per1000(after.postgres, before.postgres), loadGenerator: per1000(after.loadGenerator, before.loadGenerator) },
  };
}

function summary(result: Measured): Record<string, unknown> {
  return {
    requests: result.requests,
    perSecond: round(result.perSecond, 0),
    p50Ms: round(percentile(result.latenciesMs, 50)),
    p99Ms: round(percentile(result.latenciesMs, 99)),
    statuses: result.statuses,
    peakRssMiB: round(result.peakRssBytes / 1_048_576, 1),
    cpuSecondsPer1000Requests: result.cpuPer1000,
  };
}

/** The scenario: baseline first, then the ingest path, same keys, same request mix. */
export async function ingestScenario(root: string): Promise<Record<string, unknown>> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const env = { BENCH_PUBLIC_KEY: publicKey.export({ type: 'spki', format: 'pem' }).toString() };

  const baselineChild = await startChild(root, 'bench/ingest/baselineServer.ts', env);
  const baseline = await measure(baselineChild, privateKey, MEASURED).finally(() => stopChild(baselineChild));

  const ingestChild = await startChild(root, 'bench/ingest/ingestServer.ts', env);
  const ingest = await measure(ingestChild, privateKey, MEASURED).finally(() => stopChild(ingestChild));

  const ratio = ingest.perSecond / baseline.perSecond;
  const p99 = percentile(ingest.latenciesMs, 99);
  return {
    concurrency: CONCURRENCY,
    baseline: summary(baseline),
    ingest: summary(ingest),
    ratio: round(ratio, 3),
    targets: {
      ratioAtLeast: 0.7,
      p99AtMostMs: 25,
      rssAtMostMiB: 512,
      met: { ratio: ratio >= 0.7, p99: p99 <= 25, rss: ingest.peakRssBytes <= 512 * 1_048_576 },
    },
  };
}
