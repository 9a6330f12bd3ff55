/**
 * Waits for a running ingest role to have nothing left to do, by its own account: `GET
 * /admin/status` (what `vf status --json` prints) showing no pending delivery for any target and
 * no inbox row waiting for the raw sink. Fails naming the last status seen.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { IngestStatus } from '../../../../generated/openapi/ingest.schemas.ts';

/** Reads `/admin/status` of the admin listener at `adminUrl`. */
export async function readAdminStatus(adminUrl: string): Promise<IngestStatus> {
  const response = await fetch(`${adminUrl}/admin/status`);
  if (response.status !== 200) throw new Error(`GET /admin/status answered ${String(response.status)}: ${await response.text()}`);
  return (await response.json()) as IngestStatus;
}

/** True when no target has a pending delivery and the raw sink has caught up. */
export function isDrained(status: IngestStatus): boolean {
  return status.stages.awaitingRawSink === 0 && status.targets.every((target) => target.pending === 0);
}

/** Polls until drained; resolves with that status. */
export async function waitDrained(adminUrl: string, timeoutMs: number): Promise<IngestStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: IngestStatus | string = 'no answer yet';
  for (;;) {
    try {
      const status = await readAdminStatus(adminUrl);
      if (isDrained(status)) return status;
      last = status;
    } catch (e: unknown) {
      last = String(e);
    }
    if (Date.now() > deadline) throw new Error(`not drained within ${String(timeoutMs)} ms; last status: ${JSON.stringify(last)}`);
    await sleep(500);
  }
}
