/**
 * Breaking changes between two versions of an AsyncAPI 3 document, message by message
 * (`components.messages.<key>`): the key and its `x-event-type` are the identity; the payload
 * and headers schemas are compared with diffSchemas. Old events stay in the outbox and in
 * projections forever, so a message is never edited incompatibly: a new versioned message
 * (`…V2`, `x-event-type: ….v2`) is added beside it instead.
 */
import { asRecord, pointerJoin, type BreakingChange } from './breakingChange.ts';
import { diffSchemas } from './diffSchemas.ts';
import { followRef } from './followRef.ts';

/** AsyncAPI 3 allows a payload written as a Multi Format Schema Object `{ schemaFormat, schema }`. */
function schemaOf(value: unknown): unknown {
  const record = asRecord(value);
  return record && 'schemaFormat' in record && 'schema' in record ? record['schema'] : value;
}

/**
 * Every breaking change from `before` to `after`; `source` (e.g. `contracts/asyncapi.yaml`)
 * prefixes each location. A missing document (`undefined`) has no messages.
 */
export function diffAsyncApi(before: unknown, after: unknown, source: string): BreakingChange[] {
  const wasMessages = asRecord(asRecord(asRecord(before)?.['components'])?.['messages']) ?? {};
  const nowMessages = asRecord(asRecord(asRecord(after)?.['components'])?.['messages']) ?? {};
  const out: BreakingChange[] = [];
  for (const key of Object.keys(wasMessages)) {
    const location = pointerJoin(`${source}#`, 'components', 'messages', key);
    const was = followRef(before, wasMessages[key], location);
    if (!(key in nowMessages)) {
      const type = typeof was['x-event-type'] === 'string' ? ` (${was['x-event-type']})` : '';
      out.push({ location, kind: 'message-removed', message: `message "${key}"${type} removed` });
      continue;
    }
    const now = followRef(after, nowMessages[key], location);
    if (was['x-event-type'] !== now['x-event-type']) {
      out.push({
        location: pointerJoin(location, 'x-event-type'),
        kind: 'event-type-changed',
        message: `x-event-type changed from ${JSON.stringify(was['x-event-type'])} to ${JSON.stringify(now['x-event-type'])}: add a new versioned message instead`,
      });
    }
    for (const part of ['payload', 'headers'] as const) {
      // An absent schema accepts anything; diffSchemas treats `true` that way.
      const roots = { before, after };
      out.push(...diffSchemas(schemaOf(was[part]) ?? true, schemaOf(now[part]) ?? true, pointerJoin(location, part), roots));
    }
  }
  return out;
}
