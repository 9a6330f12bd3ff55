/**
 * Request headers as the inbox keeps them: lower-case names (Node lower-cases them already) and
 * string values, repeated headers joined with `, ` the way HTTP folds them. The raw sink and a
 * later re-verification read these exact values, so nothing is trimmed or dropped.
 */
import type { IncomingHttpHeaders } from 'node:http';

/** Flattens Node's request headers to `name → value`. */
export function receivedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

/** The value of a required header, or null when it is absent or empty (an empty value is as good as none). */
export function requiredHeader(headers: Readonly<Record<string, string>>, name: string): string | null {
  const value = headers[name.toLowerCase()];
  return value === undefined || value === '' ? null : value;
}
