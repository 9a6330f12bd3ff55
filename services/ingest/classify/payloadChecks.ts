/**
 * The checks both receivers run after the signature (DESIGN §5): the body is JSON, then the
 * payload passes the contract's schema for its event type. Each answers a value, never throws:
 * a failure here quarantines the delivery.
 */
import { createHash } from 'node:crypto';
import type { ErrorObject } from 'ajv';
import { eventCatalogue, isValidData, type EventDataByType, type EventType } from '../../../generated/asyncapi/catalogue.ts';

/** One schema violation, as `vf quarantine list` shows it (the contract's ValidationIssue). */
export interface ValidationIssue {
  /** JSON pointer into the payload (`""` for the whole body). */
  readonly path: string;
  readonly message: string;
}

// fatal: bytes that are not UTF-8 are not JSON (RFC 8259 §8.1), rather than U+FFFD that parses.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses the raw body as UTF-8 JSON; `not_json` for anything else (including invalid UTF-8). */
export function parseJsonBody(rawBody: Buffer): { readonly kind: 'json'; readonly value: unknown } | { readonly kind: 'not_json' } {
  try {
    return { kind: 'json', value: JSON.parse(utf8.decode(rawBody)) as unknown };
  } catch {
    return { kind: 'not_json' };
  }
}

function subjectFor<K extends EventType>(type: K, data: EventDataByType[K]): string {
  return eventCatalogue[type].subjectOf(data);
}

function issuesOf(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? error.keyword }));
}

/**
 * Runs the generated validator of `type` over `data`: the envelope subject when it passes, the
 * validation errors when it does not.
 */
export function checkPayload<K extends EventType>(
  type: K,
  data: unknown,
): { readonly kind: 'valid'; readonly subject: string } | { readonly kind: 'invalid'; readonly errors: readonly ValidationIssue[] } {
  if (!isValidData(type, data)) return { kind: 'invalid', errors: issuesOf(eventCatalogue[type].validateData.errors) };
  const nul = nulPath(data, '');
  if (nul !== null) return { kind: 'invalid', errors: [{ path: nul, message: 'contains U+0000, which the outbox (PostgreSQL jsonb) cannot store' }] };
  return { kind: 'valid', subject: subjectFor(type, data) };
}

/**
 * The JSON pointer of the first string (or key) holding U+0000, else null. PostgreSQL's jsonb
 * refuses that character, so such a payload would fail its whole accepting batch on every retry:
 * it is quarantined instead (its raw bytes are kept as they came).
 */
function nulPath(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const childPath = `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    if (key.includes('\u0000')) return childPath;
    const found = nulPath(child, childPath);
    if (found !== null) return found;
  }
  return null;
}

/** SHA-256 of the concatenated parts. */
export function sha256(...parts: readonly (Buffer | string)[]): Buffer {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** `at` plus `ms` milliseconds. */
export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}
