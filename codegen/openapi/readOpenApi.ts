/**
 * Load step for one OpenAPI 3.1 document: reads its operations into route-schema parts (body,
 * querystring, params, headers, one per response status), each a plain JSON Schema that may still
 * hold `$ref`s into `components.schemas`. The emitters turn the same parts into TypeBox and into
 * AOT validators, so the two cannot drift.
 * Spec: https://spec.openapis.org/oas/v3.1.0#operation-object
 */
import { ContractError } from '../load/contractError.ts';
import { readPointer } from '../load/resolveRefs.ts';
import { partConstName, partId, pascalCase, statusKey } from './naming.ts';

/** Where a part sits in a fastify route schema. */
export type PartKind = 'body' | 'querystring' | 'params' | 'headers' | 'response';

export interface RoutePart {
  readonly kind: PartKind;
  /** `<document>/<operationId>/<part>`, e.g. `ingest/getAdminStatus/response/200`. */
  readonly id: string;
  /** The exported TypeBox const, e.g. `GetAdminStatusResponse200`. */
  readonly constName: string;
  /** Response status as fastify keys it (`200`, `4xx`, `default`); only for responses. */
  readonly status?: string;
  /** The part's JSON Schema, `$ref`s to `components.schemas` left in place. */
  readonly schema: unknown;
  /** Location for error messages. */
  readonly where: string;
  /** One line for the JSDoc of the const. */
  readonly doc: string;
}

export interface OperationModel {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly summary: string;
  readonly parts: readonly RoutePart[];
}

export interface OpenApiModel {
  /** File stem: `ingest`, `internal-events`, `kick-api`. */
  readonly name: string;
  /** Repo-relative source path, for headers and errors. */
  readonly source: string;
  readonly document: unknown;
  /** `components.schemas`, in document order. */
  readonly components: ReadonlyArray<{ readonly name: string; readonly schema: unknown }>;
  /** Sorted by operationId. */
  readonly operations: readonly OperationModel[];
}

type Obj = Record<string, unknown>;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** `application/json`, `application/cloudevents+json`, `application/problem+json; charset=utf-8`. */
const JSON_MEDIA = /^application\/(?:[\w.-]+\+)?json(?:\s*;.*)?$/i;

function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function obj(value: unknown, where: string): Obj {
  if (!isObj(value)) throw new ContractError(`${where}: expected an object`);
  return value;
}

/** Follows a `$ref` to a component (parameter, request body, response); schemas keep theirs. */
function deref(doc: unknown, value: unknown, where: string): Obj {
  const o = obj(value, where);
  const ref = o['$ref'];
  if (typeof ref !== 'string') return o;
  const target = readPointer(doc, ref);
  if (target === undefined) throw new ContractError(`${where}: unresolved reference "${ref}"`);
  return deref(doc, target, ref);
}

/** Deduplicated `anyOf` of the schemas (one schema stays itself). */
function anyOf(schemas: readonly unknown[]): unknown {
  const unique = [...new Map(schemas.map((s) => [JSON.stringify(s), s])).values()];
  return unique.length === 1 ? unique[0] : { anyOf: unique };
}

/** Splits content into JSON schemas and other media types (raw bytes, text), which carry no JSON schema. */
function jsonSchemas(content: Obj, where: string): { json: unknown[]; other: string[] } {
  const json: unknown[] = [];
  const other: string[] = [];
  for (const media of Object.keys(content).sort()) {
    if (!JSON_MEDIA.test(media)) {
      other.push(media);
      continue;
    }
    const schema = obj(content[media], `${where}/${media}`)['schema'];
    if (schema === undefined) throw new ContractError(`${where}/${media}: a JSON media type needs a "schema"`);
    json.push(schema);
  }
  return { json, other };
}

function parameterParts(doc: unknown, parameters: readonly unknown[], where: string): Map<PartKind, { schema: Obj; doc: string }> {
  const byLocation = new Map<string, Obj>();
  for (const [i, raw] of parameters.entries()) {
    const p = deref(doc, raw, `${where}/parameters/${i}`);
    const at = `${where}/parameters/${i}`;
    const { name, in: location } = p;
    if (typeof name !== 'string' || typeof location !== 'string') throw new ContractError(`${at}: a parameter needs "name" and "in"`);
    if (p['content'] !== undefined) throw new ContractError(`${at} (${name}): parameters with "content" are not supported; use "schema"`);
    if (location === 'cookie') throw new ContractError(`${at} (${name}): cookie parameters are not supported`);
    // Node lower-cases every received header name, and fastify validates that object.
    byLocation.set(`${location}:${location === 'header' ? name.toLowerCase() : name}`, p);
  }
  const parts = new Map<PartKind, { schema: Obj; doc: string }>();
  const kinds: ReadonlyArray<readonly [string, PartKind, string]> = [['query', 'querystring', 'Query string'], ['path', 'params', 'Path parameters'], ['header', 'headers', 'Request headers']];
  for (const [location, kind, label] of kinds) {
    const properties: Obj = {};
    const required: string[] = [];
    for (const [key, p] of [...byLocation.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (!key.startsWith(`${location}:`)) continue;
      const name = key.slice(location.length + 1);
      const schema = p['schema'];
      if (schema === undefined) throw new ContractError(`${where}: parameter "${name}" has no "schema"`);
      const description = typeof p['description'] === 'string' ? p['description'] : undefined;
      properties[name] = description && isObj(schema) && schema['description'] === undefined && schema['$ref'] === undefined ? { ...schema, description } : schema;
      if (p['required'] === true || location === 'path') required.push(name);
    }
    if (Object.keys(properties).length === 0) continue;
    parts.set(kind, { schema: { type: 'object', properties, ...(required.length > 0 ? { required } : {}) }, doc: label });
  }
  for (const key of byLocation.keys()) {
    const location = key.split(':')[0] ?? '';
    if (!kinds.some(([l]) => l === location)) throw new ContractError(`${where}: parameter location "${location}" is not one of query, path, header`);
  }
  return parts;
}

function readOperation(doc: unknown, name: string, path: string, method: string, pathItem: Obj, op: Obj, where: string): OperationModel {
  const operationId = op['operationId'];
  if (typeof operationId !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(operationId)) {
    throw new ContractError(`${where}: every operation needs a camelCase "operationId" (route files are named after it)`);
  }
  const parts: RoutePart[] = [];
  const add = (kind: PartKind, suffix: string, schema: unknown, at: string, text: string, status?: string): void => {
    const id = partId(name, operationId, suffix);
    parts.push({ kind, id, constName: partConstName(id), schema, where: at, doc: text, ...(status === undefined ? {} : { status }) });
  };
  const parameters = [...(Array.isArray(pathItem['parameters']) ? pathItem['parameters'] : []), ...(Array.isArray(op['parameters']) ? op['parameters'] : [])];
  const params = parameterParts(doc, parameters, where);
  for (const kind of ['querystring', 'params', 'headers'] as const) {
    const part = params.get(kind);
    if (part) add(kind, kind, part.schema, `${where}/parameters`, `${part.doc} of \`${operationId}\`.`);
  }
  if (op['requestBody'] !== undefined) {
    const body = deref(doc, op['requestBody'], `${where}/requestBody`);
    const { json, other } = jsonSchemas(obj(body['content'], `${where}/requestBody/content`), `${where}/requestBody/content`);
    // A body with any non-JSON media type is raw bytes (signatures are over the bytes): no body schema.
    if (json.length > 0 && other.length === 0) {
      // fastify hands a missing body to the validator as null.
      const schema = body['required'] === true ? anyOf(json) : { anyOf: [...json, { type: 'null' }] };
      add('body', 'body', schema, `${where}/requestBody`, `Request body of \`${operationId}\`.`);
    }
  }
  const responses = obj(op['responses'], `${where}/responses`);
  for (const status of Object.keys(responses).sort()) {
    if (!/^([1-5](\d\d|XX)|default)$/.test(status)) throw new ContractError(`${where}/responses/${status}: not an HTTP status, range or "default"`);
    const at = `${where}/responses/${status}`;
    const response = deref(doc, responses[status], at);
    if (response['content'] === undefined) continue;
    const { json, other } = jsonSchemas(obj(response['content'], `${at}/content`), `${at}/content`);
    const text = `Response ${status} of \`${operationId}\`.`;
    if (json.length > 0) add('response', `response/${statusKey(status)}`, anyOf(json), at, text, statusKey(status));
    else if (other.length > 0) add('response', `response/${statusKey(status)}`, { type: 'string' }, at, text, statusKey(status));
  }
  const summary = typeof op['summary'] === 'string' ? op['summary'] : '';
  return { operationId, method: method.toUpperCase(), path, summary, parts };
}

/** Reads one parsed OpenAPI document. Throws ContractError naming the location of any problem. */
export function readOpenApi(document: unknown, name: string, source: string): OpenApiModel {
  const doc = obj(document, source);
  if (typeof doc['openapi'] !== 'string' || !doc['openapi'].startsWith('3.1')) throw new ContractError(`${source}: "openapi" must be 3.1.x`);
  const schemas = doc['components'] === undefined ? {} : obj(obj(doc['components'], `${source}#/components`)['schemas'] ?? {}, `${source}#/components/schemas`);
  const components = Object.entries(schemas).map(([key, schema]) => ({ name: key, schema }));
  const operations: OperationModel[] = [];
  const paths = obj(doc['paths'] ?? {}, `${source}#/paths`);
  for (const path of Object.keys(paths)) {
    const item = obj(paths[path], `${source}#/paths/${path}`);
    if (item['$ref'] !== undefined) throw new ContractError(`${source}#/paths/${path}: path item references are not supported`);
    for (const method of METHODS) {
      if (item[method] === undefined) continue;
      operations.push(readOperation(doc, name, path, method, item, obj(item[method], `${source}#/paths/${path}/${method}`), `${source}#/paths/${path}/${method}`));
    }
  }
  const seen = new Map<string, string>();
  for (const op of operations) {
    const other = seen.get(op.operationId);
    if (other) throw new ContractError(`${source}: operationId "${op.operationId}" is used by ${other} and ${op.method} ${op.path}`);
    seen.set(op.operationId, `${op.method} ${op.path}`);
  }
  operations.sort((a, b) => (a.operationId < b.operationId ? -1 : 1));
  return { name, source, document, components, operations };
}

/** The TypeBox const of a component schema. */
export function componentConstName(schemaName: string): string {
  return pascalCase(schemaName);
}
