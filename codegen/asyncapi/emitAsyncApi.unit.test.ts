import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkExamples } from './checkExamples.ts';
import { emitCatalogue } from './emitCatalogue.ts';
import { emitExamples } from './emitExamples.ts';
import { emitHandlers } from './emitHandlers.ts';
import { emitTypes } from './emitTypes.ts';
import { emitValidators } from './emitValidators.ts';
import { readAsyncApi } from './readAsyncApi.ts';

/** The parts of the fixture the failure cases edit. */
interface FixtureDoc {
  components: {
    messages: {
      pingV1: {
        examples?: Array<{ headers: object; payload: { user: { user_id: unknown } } }>;
        payload: { properties: { user: { $ref: string } } };
        'x-event-type'?: string;
        'x-provider'?: string;
      };
      envelope: { 'x-envelope'?: boolean };
    };
  };
}

const fixture = (): FixtureDoc => parse(readFileSync(join(import.meta.dirname, '../test/fixtures/mini-asyncapi.yaml'), 'utf8')) as FixtureDoc;

describe('AsyncAPI emitters on a small contract', () => {
  const model = readAsyncApi(fixture(), 'mini-asyncapi.yaml');
  const files = [emitTypes(model), ...emitValidators(model).files, emitCatalogue(model), emitHandlers(model), emitExamples(model)];

  it.each(files.map((f) => [f.path, f] as const))('%s matches its snapshot', async (path, file) => {
    await expect(file.contents).toMatchFileSnapshot(`./__snapshots__/mini/${path}.snap`);
  });

  it('is deterministic: two runs give identical bytes', () => {
    const again = readAsyncApi(fixture(), 'mini-asyncapi.yaml');
    expect([emitTypes(again), ...emitValidators(again).files, emitCatalogue(again), emitHandlers(again), emitExamples(again)]).toEqual(files);
  });
});

/** Reads the document and checks its examples with the validators codegen compiles. */
function check(doc: FixtureDoc): void {
  const model = readAsyncApi(doc, 'mini-asyncapi.yaml');
  checkExamples(model, emitValidators(model).compiled);
}

describe('contract problems stop the generator with a clear message', () => {
  type Edit = (doc: FixtureDoc) => void;
  const cases: Array<{ what: string; edit: Edit; error: RegExp }> = [
    { what: 'a message without an example', edit: (d) => { delete d.components.messages.pingV1.examples; }, error: /pingV1: a message needs at least one entry in "examples"/ },
    { what: 'an unresolved $ref', edit: (d) => { d.components.messages.pingV1.payload.properties.user.$ref = '#/components/schemas/nobody'; }, error: /unresolved reference "#\/components\/schemas\/nobody"/ },
    { what: 'a missing x-event-type', edit: (d) => { delete d.components.messages.pingV1['x-event-type']; }, error: /"x-event-type" must be a versioned type/ },
    { what: 'an unknown provider', edit: (d) => { d.components.messages.pingV1['x-provider'] = 'twitch'; }, error: /"x-provider" must be one of kick, sumsub, ingest/ },
    { what: 'no envelope', edit: (d) => { delete d.components.messages.envelope['x-envelope']; }, error: /no envelope message/ },
  ];
  it.each(cases)('$what', ({ edit, error }) => {
    const doc = fixture();
    edit(doc);
    expect(() => readAsyncApi(doc, 'mini-asyncapi.yaml')).toThrow(error);
  });

  it('an example that fails its own schema', () => {
    const doc = fixture();
    doc.components.messages.pingV1.examples![0]!.payload.user.user_id = 'seven';
    expect(() => check(doc)).toThrow(/pingV1\/examples\/0 \(simple\) payload: the example fails its own schema: \/user\/user_id must be integer/);
  });

  it('an example whose headers fail their schema', () => {
    const doc = fixture();
    doc.components.messages.pingV1.examples![0]!.headers = {};
    expect(() => check(doc)).toThrow(/headers: the example fails its own schema: \/ must have required property 'acme-id'/);
  });
});
