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

/**
 * Text from a payload made safe to store: it may hold U+0000 (which PostgreSQL text and jsonb
 * refuse, failing the whole accepting batch) or a lone surrogate (which jsonb refuses); U+0000 is
 * written as the six characters `\u0000`, a lone surrogate as U+FFFD.
 */
export function storableText(text: string): string {
  return text.replaceAll('\u0000', '\\u0000').toWellFormed();
}

function issuesOf(errors: readonly ErrorObject[] | null | undefined): ValidationIssue[] {
  return (errors ?? []).map((error) => ({ path: storableText(error.instancePath), message: storableText(error.message ?? error.keyword) }));
}

/**
 * Runs the generated validator of `type` over `data`: the envelope subject when it passes, the
 * validation errors when it does not. A payload the schema passes but the outbox cannot store or
 * serialise (see {@link unstorableIssue}) is invalid too.
 */
export function checkPayload<K extends EventType>(
  type: K,
  data: unknown,
): { readonly kind: 'valid'; readonly subject: string } | { readonly kind: 'invalid'; readonly errors: readonly ValidationIssue[] } {
  if (!isValidData(type, data)) return { kind: 'invalid', errors: issuesOf(eventCatalogue[type].validateData.errors) };
  const unstorable = unstorableIssue(data);
  if (unstorable !== null) return { kind: 'invalid', errors: [unstorable] };
  return { kind: 'valid', subject: subjectFor(type, data) };
}

/**
 * How deeply a payload may nest objects and arrays. Provider payloads use a handful of levels;
 * JSON.parse takes any depth, but serialising the envelope again (JSON.stringify recurses) fails
 * somewhere past a few thousand, which would fail the whole accepting batch on every retry.
 */
export const MAX_PAYLOAD_DEPTH = 128;

function pointer(path: string, key: string): string {
  return `${path}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
}

/**
 * The first place of a schema-valid payload that the outbox cannot store, else null: a string (or
 * key) holding U+0000 or a lone UTF-16 surrogate, which PostgreSQL's jsonb refuses, or nesting
 * deeper than {@link MAX_PAYLOAD_DEPTH}. Such a payload is quarantined (its raw bytes are kept as
 * they came) instead of failing its batch on every retry. Iterative, so depth costs no stack.
 */
function unstorableIssue(data: unknown): ValidationIssue | null {
  const pending: { readonly value: unknown; readonly path: string; readonly depth: number }[] = [{ value: data, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    const text = typeof value === 'string' ? value : null;
    if (text !== null && text.includes('\u0000')) return { path: storableText(path), message: 'contains U+0000, which the outbox (PostgreSQL jsonb) cannot store' };
    if (text !== null && !text.isWellFormed()) return { path: storableText(path), message: 'contains a lone UTF-16 surrogate, which the outbox (PostgreSQL jsonb) cannot store' };
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_PAYLOAD_DEPTH) return { path: storableText(path), message: `nests deeper than ${String(MAX_PAYLOAD_DEPTH)} levels` };
    for (const [key, child] of Object.entries(value)) {
      const childPath = pointer(path, key);
      // A key is stored like a string value.
      pending.push({ value: key, path: childPath, depth }, { value: child, path: childPath, depth: depth + 1 });
    }
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
