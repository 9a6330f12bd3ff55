import { describe, expect, it } from 'vitest';
import { diffOpenApi } from './diffOpenApi.ts';
import { at, loadFixture, type Doc } from './loadFixture.ts';

const SRC = 'contracts/openapi/events.yaml';
const GET = `${SRC}#/paths/~1events~1{id}/get`;
const POST = `${SRC}#/paths/~1events/post`;
const getOp = (doc: Doc): Doc => at(doc, 'paths', '/events/{id}', 'get');
const postOp = (doc: Doc): Doc => at(doc, 'paths', '/events', 'post');
const postBody = (doc: Doc): Doc => at(postOp(doc), 'requestBody', 'content', 'application/json', 'schema');

function diffAfter(edit: (doc: Doc) => void): [string, string][] {
  const after = loadFixture('openapi.base.yaml');
  edit(after);
  return diffOpenApi(loadFixture('openapi.base.yaml'), after, SRC).map((c) => [c.kind, c.location]);
}

const catches: { name: string; edit: (doc: Doc) => void; want: [string, string][] }[] = [
  { name: 'a removed operation', edit: (d) => delete at(d, 'paths')['/events'], want: [['operation-removed', POST]] },
  { name: 'an operation moved to another path', edit: (d) => { at(d, 'paths')['/v2/events'] = at(d, 'paths', '/events'); delete at(d, 'paths')['/events']; }, want: [['operation-removed', POST]] },
  { name: 'a removed request field', edit: (d) => delete at(postBody(d), 'properties')['note'], want: [['field-removed', `${POST}/requestBody/content/application~1json/schema/properties/note`]] },
  { name: 'a newly required request field', edit: (d) => { postBody(d)['required'] = ['type', 'note']; }, want: [['field-required', `${POST}/requestBody/content/application~1json/schema/properties/note`]] },
  { name: 'a request body made required', edit: (d) => { at(postOp(d), 'requestBody')['required'] = true; }, want: [['field-required', `${POST}/requestBody`]] },
  { name: 'a removed media type', edit: (d) => { at(postOp(d), 'requestBody')['content'] = { 'text/plain': { schema: { type: 'string' } } }; }, want: [['media-type-removed', `${POST}/requestBody/content/application~1json`]] },
  { name: 'a parameter made required', edit: (d) => { getOp(d)['parameters'] = [{ name: 'verbose', in: 'query', required: true, schema: { type: 'boolean' } }]; }, want: [['field-required', `${GET}/parameters/0`]] },
  { name: 'a new required parameter', edit: (d) => { (getOp(d)['parameters'] as unknown[]).push({ name: 'x', in: 'header', required: true }); }, want: [['field-required', `${GET}/parameters/1`]] },
  { name: 'a removed parameter', edit: (d) => { getOp(d)['parameters'] = []; }, want: [['field-removed', `${GET}/parameters/0`]] },
  { name: 'a narrowed path parameter', edit: (d) => { at(d, 'paths', '/events/{id}')['parameters'] = [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }]; }, want: [['constraint-tightened', `${SRC}#/paths/~1events~1{id}/parameters/0/schema`]] },
  { name: 'a removed response', edit: (d) => delete at(getOp(d), 'responses')['404'], want: [['response-removed', `${GET}/responses/404`]] },
  {
    // The shared error response is used by both operations: each use is named.
    name: 'a removed error code in a shared response',
    edit: (d) => { at(d, 'components', 'responses', 'error', 'content', 'application/json', 'schema', 'properties', 'code')['enum'] = ['EVENTS_INVALID']; },
    want: [
      ['enum-value-removed', `${GET}/responses/404/content/application~1json/schema/properties/code`],
      ['enum-value-removed', `${POST}/responses/400/content/application~1json/schema/properties/code`],
    ],
  },
  { name: 'a value added to a closed response enum', edit: (d) => { at(d, 'components', 'schemas', 'event', 'properties', 'status')['enum'] = ['accepted', 'parked', 'dropped']; }, want: [['enum-value-added', `${GET}/responses/200/content/application~1json/schema/properties/status`]] },
  { name: 'a narrowed response type', edit: (d) => { at(d, 'components', 'schemas', 'event', 'properties', 'count')['type'] = 'integer'; }, want: [['type-narrowed', `${GET}/responses/200/content/application~1json/schema/properties/count`]] },
];

const allows: { name: string; edit: (doc: Doc) => void }[] = [
  { name: 'a new operation', edit: (d) => { at(d, 'paths')['/health'] = { get: { operationId: 'getHealth', responses: { '200': { description: 'ok' } } } }; } },
  { name: 'a new optional request field', edit: (d) => { at(postBody(d), 'properties')['tags'] = { type: 'array', items: { type: 'string' } }; } },
  { name: 'a new optional parameter', edit: (d) => { (getOp(d)['parameters'] as unknown[]).push({ name: 'fields', in: 'query', schema: { type: 'string' } }); } },
  { name: 'a new response', edit: (d) => { at(getOp(d), 'responses')['410'] = { description: 'gone' }; } },
];

describe('diffOpenApi', () => {
  it.each(catches)('catches $name', ({ edit, want }) => {
    expect(diffAfter(edit)).toEqual(want);
  });
  it.each(allows)('allows $name', ({ edit }) => {
    expect(diffAfter(edit)).toEqual([]);
  });
  it('keys operations without an operationId by method and path', () => {
    const doc = (path: string): unknown => ({ paths: { [path]: { delete: { responses: {} } } } });
    expect(diffOpenApi(doc('/a'), doc('/b'), SRC).map((c) => c.message)).toEqual(['operation "DELETE /a" removed']);
  });
});
