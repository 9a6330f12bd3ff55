/**
 * Ahead-of-time validators: Ajv 8 compiles each JSON Schema once, at codegen time, into standalone
 * CommonJS (imported from ESM at run time), so no service compiles a schema when it starts.
 * The runtime and the tests use the same artifact.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ValidateFunction } from 'ajv';
import standaloneModule from 'ajv/dist/standalone/index.js';
import addFormatsModule from 'ajv-formats';

// Both are CommonJS modules whose function is `module.exports` and also `.default`; under NodeNext
// TypeScript types the default import as the whole module, so call `.default`, which exists at run time too.
const addFormats = addFormatsModule.default;
/** Ajv's standalone code emitter. */
export const standaloneCode = standaloneModule.default;

/** Options shared by the codegen compiler and the runtime-Ajv baseline of the benchmark. */
export const AJV_OPTIONS = { allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;

/** Keys that document a schema but are not JSON Schema keywords Ajv knows. */
const DOC_ONLY = /^x-|^(example|externalDocs|discriminator|xml)$/;

/** Returns a copy of a schema without documentation-only keywords (Ajv strict mode rejects them). */
export function stripDocKeywords(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripDocKeywords);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DOC_ONLY.test(key)) continue;
    // `properties` and `$defs` hold names, not keywords: keep every name, strip inside the values.
    if ((key === 'properties' || key === '$defs' || key === 'patternProperties') && value && typeof value === 'object') {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripDocKeywords(v)]));
      continue;
    }
    out[key] = stripDocKeywords(value);
  }
  return out;
}

/**
 * Builds the Ajv instance codegen compiles with; the benchmark builds its runtime baseline the same way.
 * `coerce`: text inputs (query strings, path parameters, headers) convert types and fill defaults,
 * as fastify's own default validator does.
 */
export function createAjv(options: { source: boolean; coerce?: boolean }): Ajv2020 {
  const coercion = options.coerce === true ? { coerceTypes: 'array' as const, useDefaults: true } : {};
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...coercion, code: { source: options.source, lines: true, esm: false } });
  addFormats(ajv);
  return ajv;
}

/** Standalone code plus the very validators it was generated from (for codegen-time checks). */
export interface CompiledValidators {
  readonly code: string;
  /** The compiled validator of `name` (the same function the code serializes). */
  readonly validator: (name: string) => ValidateFunction;
}

/**
 * Compiles named schemas into one CommonJS module exporting one validate function per name.
 * Schemas must be self-contained (refs already inlined or pointing into the same schema).
 * Names must be valid JavaScript identifiers.
 */
export function compileValidators(schemas: Readonly<Record<string, unknown>>): CompiledValidators {
  const ajv = createAjv({ source: true });
  const exportsMap: Record<string, string> = {};
  for (const name of Object.keys(schemas).sort()) {
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`validator name "${name}" is not a JavaScript identifier`);
    const id = `vf:${name}`;
    ajv.addSchema(stripDocKeywords(schemas[name]) as object, id);
    exportsMap[name] = id;
  }
  const code = standaloneCode(ajv, exportsMap);
  return {
    code,
    validator: (name) => {
      const validate = ajv.getSchema(`vf:${name}`);
      if (!validate) throw new Error(`no validator named "${name}"`);
      return validate;
    },
  };
}

/** `compileValidators`, when only the code is needed. */
export function compileStandalone(schemas: Readonly<Record<string, unknown>>): string {
  return compileValidators(schemas).code;
}
