/**
 * Breaking changes between two versions of an OpenAPI 3.x document, operation by operation
 * (keyed by operationId): a removed or moved operation, parameter, request body, response or media type,
 * a newly required parameter or body, and every schema change diffSchemas names. Responses are
 * held to the same rules as requests, which is conservative: callers and stored results alike
 * rely on the documented fields and the closed enums.
 */
import { asRecord, pointerJoin, type BreakingChange } from './breakingChange.ts';
import { diffSchemas, type SchemaRoots } from './diffSchemas.ts';
import { followRef } from './followRef.ts';
import { openApiOperations, type Operation } from './openApiOperations.ts';

/** The schema of a parameter or header: its `schema`, or the schema of its single `content` entry. */
function schemaOf(holder: Record<string, unknown>): unknown {
  if ('schema' in holder) return holder['schema'];
  const first = Object.values(asRecord(holder['content']) ?? {})[0];
  return asRecord(first)?.['schema'] ?? true;
}

function diffContent(roots: SchemaRoots, was: Record<string, unknown>, now: Record<string, unknown>, location: string): BreakingChange[] {
  const wasContent = asRecord(was['content']) ?? {};
  const nowContent = asRecord(now['content']) ?? {};
  return Object.entries(wasContent).flatMap(([mediaType, media]) => {
    const where = pointerJoin(location, 'content', mediaType);
    if (!(mediaType in nowContent)) return [{ location: where, kind: 'media-type-removed', message: `media type "${mediaType}" removed` } satisfies BreakingChange];
    return diffSchemas(asRecord(media)?.['schema'] ?? true, asRecord(nowContent[mediaType])?.['schema'] ?? true, pointerJoin(where, 'schema'), roots);
  });
}

function diffParameters(roots: SchemaRoots, was: Operation, now: Operation): BreakingChange[] {
  const out: BreakingChange[] = [];
  for (const [key, { parameter, location }] of was.parameters) {
    const counterpart = now.parameters.get(key);
    if (!counterpart) {
      out.push({ location, kind: 'field-removed', message: `parameter ${key} removed` });
      continue;
    }
    if (counterpart.parameter['required'] === true && parameter['required'] !== true) out.push({ location, kind: 'field-required', message: `parameter ${key} is now required` });
    out.push(...diffSchemas(schemaOf(parameter), schemaOf(counterpart.parameter), pointerJoin(location, 'schema'), roots));
  }
  for (const [key, { parameter, location }] of now.parameters) {
    if (!was.parameters.has(key) && parameter['required'] === true) out.push({ location, kind: 'field-required', message: `new required parameter ${key}` });
  }
  return out;
}

function diffRequestBody(roots: SchemaRoots, was: Operation, now: Operation): BreakingChange[] {
  const location = pointerJoin(was.location, 'requestBody');
  const wasBody = was.operation['requestBody'] === undefined ? undefined : followRef(roots.before, was.operation['requestBody'], location);
  const nowBody = now.operation['requestBody'] === undefined ? undefined : followRef(roots.after, now.operation['requestBody'], location);
  if (!nowBody) return wasBody ? [{ location, kind: 'field-removed', message: 'request body removed' }] : [];
  const required = nowBody['required'] === true && wasBody?.['required'] !== true;
  const out: BreakingChange[] = required ? [{ location, kind: 'field-required', message: 'request body is now required' }] : [];
  return wasBody ? [...out, ...diffContent(roots, wasBody, nowBody, location)] : out;
}

function diffResponses(roots: SchemaRoots, was: Operation, now: Operation): BreakingChange[] {
  const wasResponses = asRecord(was.operation['responses']) ?? {};
  const nowResponses = asRecord(now.operation['responses']) ?? {};
  return Object.entries(wasResponses).flatMap(([status, raw]): BreakingChange[] => {
    const location = pointerJoin(was.location, 'responses', status);
    if (!(status in nowResponses)) return [{ location, kind: 'response-removed', message: `response ${status} removed` }];
    const wasResponse = followRef(roots.before, raw, location);
    const nowResponse = followRef(roots.after, nowResponses[status], location);
    const nowHeaders = asRecord(nowResponse['headers']) ?? {};
    const headers = Object.entries(asRecord(wasResponse['headers']) ?? {}).flatMap(([name, header]): BreakingChange[] => {
      const where = pointerJoin(location, 'headers', name);
      if (!(name in nowHeaders)) return [{ location: where, kind: 'field-removed', message: `response header "${name}" removed` }];
      return diffSchemas(schemaOf(followRef(roots.before, header, where)), schemaOf(followRef(roots.after, nowHeaders[name], where)), pointerJoin(where, 'schema'), roots);
    });
    return [...headers, ...diffContent(roots, wasResponse, nowResponse, location)];
  });
}

/**
 * Every breaking change from `before` to `after`; `source` (e.g. `contracts/openapi/ingest.yaml`)
 * prefixes each location. A missing document (`undefined`) has no operations.
 */
export function diffOpenApi(before: unknown, after: unknown, source: string): BreakingChange[] {
  const roots: SchemaRoots = { before, after };
  const nowOperations = openApiOperations(after, source);
  return [...openApiOperations(before, source).values()].flatMap((was): BreakingChange[] => {
    const now = nowOperations.get(was.id);
    if (!now) return [{ location: was.location, kind: 'operation-removed', message: `operation "${was.id}" removed` }];
    // Callers address an operation by method and path, not by its id: a move removes the old address.
    const moved: BreakingChange[] = now.address === was.address ? [] : [{ location: was.location, kind: 'operation-removed', message: `operation "${was.id}" moved from ${was.address} to ${now.address}` }];
    return [...moved, ...diffParameters(roots, was, now), ...diffRequestBody(roots, was, now), ...diffResponses(roots, was, now)];
  });
}
