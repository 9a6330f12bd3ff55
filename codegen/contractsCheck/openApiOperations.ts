/**
 * Lists the operations of an OpenAPI 3.x document by identity: the `operationId`, or
 * `METHOD /path` when there is none. Path-level parameters are merged in (an operation-level
 * parameter with the same name and location overrides them, OpenAPI 3.1 §4.8.9.1).
 */
import { asRecord, pointerJoin } from './breakingChange.ts';
import { followRef } from './followRef.ts';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A parameter after following its `$ref`, with the location it was written at. */
export interface LocatedParameter {
  readonly parameter: Record<string, unknown>;
  readonly location: string;
}

/** One operation: its identity, its address, its location in the document and its parameters keyed `in:name`. */
export interface Operation {
  readonly id: string;
  readonly address: string;
  readonly location: string;
  readonly operation: Record<string, unknown>;
  readonly parameters: ReadonlyMap<string, LocatedParameter>;
}

function addParameters(root: unknown, list: unknown, location: string, into: Map<string, LocatedParameter>): void {
  if (!Array.isArray(list)) return;
  for (const [i, raw] of list.entries()) {
    const where = pointerJoin(location, 'parameters', i);
    const parameter = followRef(root, raw, where);
    into.set(`${String(parameter['in'])}:${String(parameter['name'])}`, { parameter, location: where });
  }
}

/** Every operation of `document`, keyed by identity; `source` prefixes each location. */
export function openApiOperations(document: unknown, source: string): Map<string, Operation> {
  const operations = new Map<string, Operation>();
  const paths = asRecord(asRecord(document)?.['paths']) ?? {};
  for (const [path, rawItem] of Object.entries(paths)) {
    const itemLocation = pointerJoin(`${source}#`, 'paths', path);
    const item = followRef(document, rawItem, itemLocation);
    for (const method of METHODS) {
      const operation = asRecord(item[method]);
      if (!operation) continue;
      const location = pointerJoin(itemLocation, method);
      const parameters = new Map<string, LocatedParameter>();
      addParameters(document, item['parameters'], itemLocation, parameters);
      addParameters(document, operation['parameters'], location, parameters);
      const address = `${method.toUpperCase()} ${path}`;
      const id = typeof operation['operationId'] === 'string' ? operation['operationId'] : address;
      operations.set(id, { id, address, location, operation, parameters });
    }
  }
  return operations;
}
