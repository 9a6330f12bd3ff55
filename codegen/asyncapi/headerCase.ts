/**
 * HTTP header names are case-insensitive and Node hands them over lower-cased, so the generated
 * header types, validators and fixtures use lower-case names whatever casing the contract documents.
 */

/** A headers object schema with its property names and `required` entries lower-cased. */
export function lowerCaseHeaderSchema(schema: unknown): unknown {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const s = schema as Record<string, unknown>;
  const props = s['properties'] as Record<string, unknown> | undefined;
  return {
    ...s,
    ...(props ? { properties: Object.fromEntries(Object.entries(props).map(([k, v]) => [k.toLowerCase(), v])) } : {}),
    ...(Array.isArray(s['required']) ? { required: (s['required'] as string[]).map((k) => k.toLowerCase()) } : {}),
  };
}

/** Example headers with lower-cased names. */
export function lowerCaseHeaders(headers: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
