/**
 * Runs a stored quarantined delivery through today's contracts again, with the receivers' own
 * classifiers. The signature is not checked again (only correctly signed deliveries are ever
 * quarantined), and neither is Kick's replay window: it is a receive-time rule, and an operator
 * replaying an old but valid event means to release it.
 */
import type { Delivery } from '../../accept/delivery.ts';
import { classifyKick } from '../../classify/classifyKick.ts';
import { classifySumsub } from '../../classify/classifySumsub.ts';

/** A quarantined delivery as the inbox kept it. */
export interface StoredDelivery {
  readonly source: 'kick' | 'sumsub';
  readonly rawBody: Buffer;
  /** Lower-case names, as received. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: Date;
}

/** The verdict of today's contracts on a stored delivery (`kind: 'valid' | 'quarantine'`). */
export function reclassify(stored: StoredDelivery): Delivery {
  const input = { rawBody: stored.rawBody, headers: stored.headers, receivedAt: stored.receivedAt };
  if (stored.source === 'sumsub') return classifySumsub(input);
  // replayWindowSeconds is not consulted when checkReplayWindow is false.
  return classifyKick(input, { replayWindowSeconds: 0, checkReplayWindow: false });
}

/** The stored headers (jsonb) as the classifiers take them: string values only. */
export function storedHeaders(value: unknown): Record<string, string> {
  const headers: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return headers;
  for (const [name, field] of Object.entries(value)) {
    if (typeof field === 'string') headers[name.toLowerCase()] = field;
  }
  return headers;
}
