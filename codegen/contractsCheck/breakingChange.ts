/**
 * The vocabulary of `contracts:check`: what a breaking change is called and where it is.
 * Every diff function returns a list of these and never prints or exits (the CLI does).
 */

/** Why a change breaks someone who relies on the base version of a contract. */
export type BreakingKind =
  | 'message-removed'
  | 'event-type-changed'
  | 'operation-removed'
  | 'response-removed'
  | 'media-type-removed'
  | 'field-removed'
  | 'field-required'
  | 'type-narrowed'
  | 'alternative-removed'
  | 'enum-value-removed'
  | 'enum-value-added'
  | 'constraint-tightened';

/** One breaking change: a JSON-pointer-ish location in the contract, its kind and a sentence for humans. */
export interface BreakingChange {
  readonly location: string;
  readonly kind: BreakingKind;
  readonly message: string;
}

/** Escapes one JSON Pointer segment (RFC 6901 §4: `~` → `~0`, `/` → `~1`). */
export function pointerSegment(key: string | number): string {
  return String(key).replaceAll('~', '~0').replaceAll('/', '~1');
}

/** Appends segments to a pointer such as `contracts/asyncapi.yaml#/components/messages/x`. */
export function pointerJoin(base: string, ...keys: readonly (string | number)[]): string {
  return [base, ...keys.map(pointerSegment)].join('/');
}

/** Narrows a parsed YAML value to a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Formats a change as the one line the CLI prints. */
export function formatChange(change: BreakingChange): string {
  return `${change.location}  [${change.kind}] ${change.message}`;
}
