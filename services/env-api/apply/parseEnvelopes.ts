/**
 * The body of `POST /internal/events` as envelopes: UTF-8 JSON, an array for a batch
 * (`application/cloudevents-batch+json`) or an object for a single event
 * (`application/cloudevents+json`), which becomes a batch of one. Anything else is
 * `ENVAPI_BODY_INVALID` (400) and nothing is applied.
 */

/** The two CloudEvents JSON modes this route takes (by content type). */
export type CloudEventsMode = 'batch' | 'single';

/** The media types of each mode. */
export const cloudEventsMediaTypes: Readonly<Record<string, CloudEventsMode>> = {
  'application/cloudevents-batch+json': 'batch',
  'application/cloudevents+json': 'single',
};

/** The mode of a `Content-Type` header (parameters such as charset ignored), or null. */
export function cloudEventsMode(contentType: string | undefined): CloudEventsMode | null {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  return Object.hasOwn(cloudEventsMediaTypes, mediaType) ? (cloudEventsMediaTypes[mediaType] ?? null) : null;
}

// fatal: bytes that are not UTF-8 are not JSON (RFC 8259 §8.1), rather than U+FFFD that parses.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The envelopes of the body, or why the body is not a batch / an event. */
export function parseEnvelopes(rawBody: Buffer, mode: CloudEventsMode): { readonly kind: 'envelopes'; readonly items: readonly unknown[] } | { readonly kind: 'invalid'; readonly message: string } {
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(rawBody));
  } catch {
    return { kind: 'invalid', message: 'the body is not UTF-8 JSON' };
  }
  if (mode === 'batch') {
    return Array.isArray(value) ? { kind: 'envelopes', items: value } : { kind: 'invalid', message: 'an application/cloudevents-batch+json body must be a JSON array of envelopes' };
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? { kind: 'envelopes', items: [value] }
    : { kind: 'invalid', message: 'an application/cloudevents+json body must be one JSON object (an envelope)' };
}
