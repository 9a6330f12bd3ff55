/**
 * The contract documents themselves: each OpenAPI document is valid OpenAPI 3.1 and passes the project's Spectral
 * ruleset with zero errors, the ruleset really fails on each rule it states, the AsyncAPI document parses with zero
 * error diagnostics, and the ingest and environment documents say what DESIGN §5 and §7 say.
 */
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';
import { validate } from '@readme/openapi-parser';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { SEVERITY, lintWithSpectral, type LintDiagnostic } from './spectralLint.ts';

const CONTRACTS = dirname(fileURLToPath(import.meta.url));
const RULESET = join(CONTRACTS, 'spectral.yaml');
const DOCS = ['ingest', 'internal-events', 'kick-api'] as const;
const docPath = (name: string): string => join(CONTRACTS, 'openapi', `${name}.yaml`);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
/** The value at `path` inside `root`, failing the test with the path when something is missing. */
function at(root: unknown, ...path: string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isRecord(node) || !(key in node)) throw new Error(`no ${path.join('.')} (stopped at ${key})`);
    node = node[key];
  }
  return node;
}
const loadDoc = async (name: string): Promise<Json> => parse(await readFile(docPath(name), 'utf8')) as Json;
const errorsOf = (diagnostics: readonly LintDiagnostic[], source: string): string[] =>
  diagnostics.filter((d) => d.source === source && d.severity === SEVERITY.error).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);

describe('OpenAPI documents', () => {
  it.each(DOCS)('%s validates as OpenAPI 3.1 with zero errors', async (name) => {
    const result = await validate(docPath(name));
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
    expect(at(await loadDoc(name), 'openapi')).toMatch(/^3\.1\.\d+$/);
  });
});

describe('project lint ruleset on the contracts', () => {
  let diagnostics: LintDiagnostic[] = [];
  beforeAll(async () => { diagnostics = await lintWithSpectral(DOCS.map(docPath), RULESET); }, 60_000);
  it.each(DOCS)('%s has zero lint errors', (name) => {
    expect(errorsOf(diagnostics, docPath(name))).toEqual([]);
  });
});

/** A small document that passes every rule; each case below breaks exactly one. */
const goodDoc = (): Json => ({
  openapi: '3.1.0',
  info: { title: 'probe', version: '1.0.0', description: 'A probe document.', contact: { name: 'probe' } },
  servers: [{ url: 'http://127.0.0.1:9999' }],
  tags: [{ name: 'things', description: 'Things.' }],
  paths: {
    '/things': {
      get: {
        operationId: 'listThings', summary: 'List things', description: 'Lists things.', tags: ['things'],
        responses: {
          '200': { description: 'The things.', content: { 'application/json': { schema: { type: 'object' } } } },
          '503': {
            description: 'Unavailable.', 'x-error-codes': ['INGEST_UNAVAILABLE'],
            headers: { 'Retry-After': { description: 'Seconds.', schema: { type: 'integer' } } },
            content: { 'application/json': { schema: { $ref: '#/components/schemas/IngestError' } } },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      IngestErrorCode: { type: 'string', enum: ['INGEST_UNAVAILABLE'] },
      IngestError: {
        type: 'object', required: ['code', 'message'], additionalProperties: false,
        properties: { code: { $ref: '#/components/schemas/IngestErrorCode' }, message: { type: 'string' } },
      },
    },
  },
});

interface BrokenCase { name: string; file?: string; breakIt: (doc: Json) => void; want: string[] }
const op = (doc: Json): Json => at(doc, 'paths', '/things', 'get') as Json;
const response = (doc: Json, status: string): Json => at(op(doc), 'responses', status) as Json;
const schemas = (doc: Json): Json => at(doc, 'components', 'schemas') as Json;

const brokenCases: BrokenCase[] = [
  { name: 'control: the good document', breakIt: () => undefined, want: [] },
  { name: 'operationId missing', breakIt: (d) => { delete op(d)['operationId']; }, want: ['operation-operationId'] },
  { name: 'operationId not camelCase', breakIt: (d) => { op(d)['operationId'] = 'List_Things'; }, want: ['vf-operation-id-camel-case'] },
  { name: 'summary missing', breakIt: (d) => { delete op(d)['summary']; }, want: ['vf-operation-summary'] },
  { name: 'description missing', breakIt: (d) => { delete op(d)['description']; }, want: ['operation-description'] },
  { name: 'body without schema', breakIt: (d) => { response(d, '200')['content'] = { 'application/json': {} }; }, want: ['vf-media-type-schema'] },
  { name: 'error response without x-error-codes', breakIt: (d) => { delete response(d, '503')['x-error-codes']; }, want: ['vf-error-response-codes'] },
  {
    name: 'error body not the shared schema',
    breakIt: (d) => { response(d, '503')['content'] = { 'application/json': { schema: { type: 'object', properties: { code: { type: 'string' } } } } }; },
    want: ['vf-error-body-ref'],
  },
  { name: 'shared error schema without message', breakIt: (d) => { (schemas(d)['IngestError'] as Json)['required'] = ['code']; }, want: ['vf-error-schema-shape'] },
  { name: 'error code not SCREAMING_SNAKE with prefix', breakIt: (d) => { (schemas(d)['IngestErrorCode'] as Json)['enum'] = ['unavailable']; }, want: ['vf-error-code-enum'] },
  { name: '503 without Retry-After', breakIt: (d) => { delete response(d, '503')['headers']; }, want: ['vf-retry-after'] },
  { name: 'nullable keyword', breakIt: (d) => { (at(response(d, '200'), 'content', 'application/json', 'schema') as Json)['nullable'] = true; }, want: ['vf-no-nullable'] },
  {
    name: 'tuple items',
    breakIt: (d) => { (at(response(d, '200'), 'content', 'application/json') as Json)['schema'] = { type: 'array', prefixItems: [{ type: 'string' }], items: { type: 'string' } }; },
    want: ['vf-no-tuple-items'],
  },
  { name: 'OpenAPI 3.0', breakIt: (d) => { d['openapi'] = '3.0.3'; }, want: ['vf-openapi-3-1'] },
  {
    name: 'closed enum in the provider document',
    file: 'kick-api.yaml',
    breakIt: (d) => { response(d, '200')['content'] = { 'application/json': { schema: { type: 'string', enum: ['live'] } } }; },
    want: ['vf-provider-enums-open'],
  },
];

describe('project lint ruleset fails on a broken rule', () => {
  let dir = '';
  let diagnostics: LintDiagnostic[] = [];
  const fileOf = (c: BrokenCase): string => join(dir, 'cases', c.name.replace(/[^a-z0-9]+/gi, '-'), c.file ?? 'doc.yaml');
  beforeAll(async () => {
    // The ruleset is copied beside the cases so its override globs match them as they match contracts/openapi/.
    dir = await mkdtemp(join(tmpdir(), 'vf-spectral-'));
    await copyFile(RULESET, join(dir, 'spectral.yaml'));
    for (const c of brokenCases) {
      const doc = goodDoc();
      c.breakIt(doc);
      await mkdir(dirname(fileOf(c)), { recursive: true });
      await writeFile(fileOf(c), stringify(doc));
    }
    diagnostics = await lintWithSpectral(brokenCases.map(fileOf), join(dir, 'spectral.yaml'));
  }, 60_000);
  afterAll(async () => { if (dir) await rm(dir, { recursive: true, force: true }); });

  it.each(brokenCases)('$name → $want', (c) => {
    const codes = new Set(diagnostics.filter((d) => d.source === fileOf(c) && d.severity === SEVERITY.error).map((d) => d.code));
    expect([...codes].sort()).toEqual(c.want);
  });
});

describe('AsyncAPI document', () => {
  it('contracts/asyncapi.yaml parses with zero error diagnostics', async () => {
    const path = join(CONTRACTS, 'asyncapi.yaml');
    const { document, diagnostics } = await new Parser().parse(await readFile(path, 'utf8'), { source: path });
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
    expect(document?.version()).toMatch(/^3\.0\./);
  });
});

/** Every (stable code, HTTP status) pair a document's responses list, from x-error-codes and the 2xx code lists. */
function codeStatuses(doc: Json): Array<[string, number]> {
  const pairs: Array<[string, number]> = [];
  const responsesOf = (operation: unknown): Json => (isRecord(operation) && isRecord(operation['responses']) ? operation['responses'] : {});
  for (const item of Object.values(at(doc, 'paths') as Json)) {
    for (const operation of Object.values(isRecord(item) ? item : {})) {
      for (const [status, raw] of Object.entries(responsesOf(operation))) {
        const ref = isRecord(raw) && typeof raw['$ref'] === 'string' ? raw['$ref'] : undefined;
        const res = ref ? at(doc, ...ref.slice(2).split('/')) : raw;
        for (const key of ['x-error-codes', 'x-reason-codes', 'x-result-error-codes']) {
          const codes = isRecord(res) ? res[key] : undefined;
          if (Array.isArray(codes)) for (const code of codes) pairs.push([String(code), Number(status)]);
        }
      }
    }
  }
  return pairs;
}

describe('the documents say what DESIGN §5 and §7 say', () => {
  const codeStatus: Array<{ doc: string; enumName: string; want: Record<string, number> }> = [
    {
      doc: 'ingest', enumName: 'IngestErrorCode', want: {
        INGEST_PAYLOAD_TOO_LARGE: 413, INGEST_SIGNATURE_MISSING: 401, INGEST_HEADER_MISSING: 400, INGEST_DIGEST_ALG_UNKNOWN: 401,
        INGEST_SIGNATURE_INVALID: 401, INGEST_TIMESTAMP_OUTSIDE_WINDOW: 202, INGEST_BODY_NOT_JSON: 202, INGEST_EVENT_TYPE_UNKNOWN: 202,
        INGEST_PAYLOAD_INVALID: 202, INGEST_UNAVAILABLE: 503, INGEST_RETIRED_PATH: 410, INGEST_QUERY_INVALID: 400,
        INGEST_REQUEST_INVALID: 400, INGEST_TARGET_UNKNOWN: 400, INGEST_CLICKHOUSE_BRIDGE_DISABLED: 404,
        INGEST_CLICKHOUSE_SQL_NOT_READ_ONLY: 400, INGEST_CLICKHOUSE_QUERY_FAILED: 400, INGEST_CLICKHOUSE_UNAVAILABLE: 503,
        INGEST_ADMIN_TOKEN_MISSING: 401, INGEST_ADMIN_TOKEN_INVALID: 403, INGEST_QUARANTINE_ENTRY_UNKNOWN: 404, INGEST_CHANNEL_UNKNOWN: 404,
      },
    },
    {
      doc: 'internal-events', enumName: 'EnvApiErrorCode', want: {
        ENVAPI_CONTENT_TYPE_UNSUPPORTED: 415, ENVAPI_PAYLOAD_TOO_LARGE: 413, ENVAPI_SIGNATURE_MISSING: 401,
        ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE: 401, ENVAPI_SIGNATURE_INVALID: 401, ENVAPI_BODY_INVALID: 400, ENVAPI_UNAVAILABLE: 503,
        ENVAPI_ENVELOPE_INVALID: 200, ENVAPI_DATA_INVALID: 200, ENVAPI_EVENT_TYPE_UNKNOWN: 200, ENVAPI_PROJECTOR_STUB: 200,
        ENVAPI_PROJECTOR_FAILED: 200, ENVAPI_QUERY_INVALID: 400, ENVAPI_CLICKHOUSE_UNAVAILABLE: 503,
      },
    },
  ];
  it.each(codeStatus)('$doc: the code enum is the catalogue, and each code has one status', async ({ doc, enumName, want }) => {
    const parsed = await loadDoc(doc);
    expect([...(at(parsed, 'components', 'schemas', enumName, 'enum') as string[])].sort()).toEqual(Object.keys(want).sort());
    const seen: Record<string, number[]> = {};
    for (const [code, status] of codeStatuses(parsed)) seen[code] = [...new Set([...(seen[code] ?? []), status])];
    expect(seen).toEqual(Object.fromEntries(Object.entries(want).map(([code, status]) => [code, [status]])));
  });

  const operations: Array<{ doc: string; path: string; statuses: string[]; order?: string[] }> = [
    {
      doc: 'ingest', path: '/webhooks/kick', statuses: ['200', '202', '400', '401', '413', '503'],
      order: ['INGEST_PAYLOAD_TOO_LARGE', 'INGEST_SIGNATURE_MISSING', 'INGEST_HEADER_MISSING', 'INGEST_SIGNATURE_INVALID',
        'INGEST_TIMESTAMP_OUTSIDE_WINDOW', 'INGEST_BODY_NOT_JSON', 'INGEST_EVENT_TYPE_UNKNOWN', 'INGEST_PAYLOAD_INVALID'],
    },
    {
      // Sumsub: no other required header and no signed timestamp, so no 400 and no replay window.
      doc: 'ingest', path: '/webhooks/sumsub', statuses: ['200', '202', '401', '413', '503'],
      order: ['INGEST_PAYLOAD_TOO_LARGE', 'INGEST_SIGNATURE_MISSING', 'INGEST_DIGEST_ALG_UNKNOWN', 'INGEST_SIGNATURE_INVALID',
        'INGEST_BODY_NOT_JSON', 'INGEST_EVENT_TYPE_UNKNOWN', 'INGEST_PAYLOAD_INVALID'],
    },
    { doc: 'ingest', path: '/wh/kick', statuses: ['410'] },
    { doc: 'ingest', path: '/wh/sumsub', statuses: ['410'] },
    { doc: 'ingest', path: '/api/kyc/hook', statuses: ['410'] },
    {
      doc: 'internal-events', path: '/internal/events', statuses: ['200', '400', '401', '413', '415', '503'],
      order: ['ENVAPI_CONTENT_TYPE_UNSUPPORTED', 'ENVAPI_PAYLOAD_TOO_LARGE', 'ENVAPI_SIGNATURE_MISSING',
        'ENVAPI_TIMESTAMP_OUTSIDE_TOLERANCE', 'ENVAPI_SIGNATURE_INVALID', 'ENVAPI_BODY_INVALID'],
    },
  ];
  it.each(operations)('$doc POST $path answers $statuses, checking in order', async ({ doc, path, statuses, order }) => {
    const post = at(await loadDoc(doc), 'paths', path, 'post');
    expect(Object.keys(at(post, 'responses') as Json)).toEqual(statuses);
    if (order) expect(at(post, 'x-check-order')).toEqual(order);
  });

  it('ingest: webhook answers are accepted|duplicate with the envelope id, or quarantined with a reason', async () => {
    const s = at(await loadDoc('ingest'), 'components', 'schemas') as Json;
    expect(at(s, 'WebhookAccepted', 'properties', 'status', 'enum')).toEqual(['accepted', 'duplicate']);
    expect(at(s, 'WebhookAccepted', 'properties', 'id', 'format')).toBe('uuid');
    expect(at(s, 'WebhookQuarantined', 'properties', 'status', 'const')).toBe('quarantined');
    const catalogue = at(s, 'IngestErrorCode', 'enum') as string[];
    expect(catalogue).toEqual(expect.arrayContaining(at(s, 'IngestQuarantineReason', 'enum') as string[]));
  });

  it('internal-events: both CloudEvents content types, and the five result statuses', async () => {
    const parsed = await loadDoc('internal-events');
    expect(Object.keys(at(parsed, 'paths', '/internal/events', 'post', 'requestBody', 'content') as Json).sort())
      .toEqual(['application/cloudevents+json', 'application/cloudevents-batch+json']);
    expect(at(parsed, 'components', 'schemas', 'EventResultStatus', 'enum')).toEqual(['processed', 'duplicate', 'rejected', 'unsupported', 'failed']);
    const envelope = at(parsed, 'components', 'schemas', 'CloudEvent', 'properties') as Json;
    for (const name of Object.keys(envelope)) expect(name).toMatch(/^[a-z0-9]{1,20}$/);
  });

  it('internal-events: CloudEvent says what the AsyncAPI envelope (the source of truth) says', async () => {
    const asyncApi = parse(await readFile(join(CONTRACTS, 'asyncapi.yaml'), 'utf8')) as Json;
    const truth = at(asyncApi, 'components', 'messages', 'cloudEventEnvelope', 'payload') as Json;
    const copy = at(await loadDoc('internal-events'), 'components', 'schemas', 'CloudEvent') as Json;
    // Validation keywords only: descriptions may be worded for each document's readers.
    const keywords = (schema: Json): Json => Object.fromEntries(Object.entries(at(schema, 'properties') as Json).map(([name, p]) => [
      name, Object.fromEntries(Object.entries(p as Json).filter(([k]) => k !== 'description')),
    ]));
    expect(keywords(copy)).toEqual(keywords(truth));
    expect([...(at(copy, 'required') as string[])].sort()).toEqual([...(at(truth, 'required') as string[])].sort());
    expect(at(copy, 'propertyNames')).toEqual(at(truth, 'propertyNames'));
  });
});
