/**
 * Emits `generated/openapi/validatorCompiler.ts`, shared by every OpenAPI document: the fastify
 * validator compiler that serves route schemas from the AOT validators by `$id`, and a serializer
 * compiler that does not compile either. With both installed, starting a service compiles no schema.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { camelCase } from './naming.ts';

export function emitValidatorCompiler(documents: ReadonlyArray<{ readonly name: string; readonly path: string }>): GeneratedFile {
  const sorted = [...documents].sort((a, b) => (a.name < b.name ? -1 : 1));
  const alias = (name: string): string => `${camelCase(name)}Validators`;
  const contents = `${header(sorted.map((d) => d.path).join(', '), 'ts')}/* eslint-disable */
import type { ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler, FastifySerializerCompiler } from 'fastify';
${sorted.map((d) => `import { validatorsById as ${alias(d.name)} } from './${d.name}.validators.cjs';`).join('\n')}

/** Every precompiled route-schema validator of every OpenAPI contract, by \`$id\`. */
const validators: ReadonlyMap<string, ValidateFunction> = new Map([
${sorted.map((d) => `  ...Object.entries(${alias(d.name)}),`).join('\n')}
]);

/** A route was registered with a schema that codegen did not precompile. */
export class UnknownRouteSchemaError extends Error {
  override readonly name = 'UnknownRouteSchemaError';
  readonly code = 'ROUTE_SCHEMA_NOT_PRECOMPILED';
}

function schemaId(schema: unknown): string | undefined {
  if (schema === null || typeof schema !== 'object' || !('$id' in schema)) return undefined;
  return typeof schema.$id === 'string' ? schema.$id : undefined;
}

/**
 * For \`app.setValidatorCompiler\`: returns the AOT validator of a route-schema part, found by its
 * \`$id\` (e.g. \`ingest/getAdminStatus/querystring\`). The validator is compiled from the contract's
 * JSON Schema, not from the TypeBox value passed in, so route schemas must be the generated consts.
 * A schema without a known \`$id\` throws while the route registers: nothing compiles at run time.
 */
export const validatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, method, url, httpPart }) => {
  const id = schemaId(schema);
  const validate = id === undefined ? undefined : validators.get(id);
  if (validate === undefined) {
    throw new UnknownRouteSchemaError(
      \`\${method} \${url}: the \${httpPart ?? 'request'} schema \${id === undefined ? 'has no $id' : \`has $id "\${id}", which no contract defines\`}; \` +
        'use the generated route schema from generated/openapi/*.schemas.ts (run \`npm run codegen\` after editing a contract)',
    );
  }
  return validate;
};

/** What fastify's error handler hands a response serializer: the error, its fields not enumerable. */
interface ErrorReply extends Error {
  readonly statusCode?: number;
  readonly code?: string;
  readonly error?: string;
}

function serialize(data: unknown): string {
  if (data instanceof Error) {
    // JSON.stringify would write \`{}\` for it: write the body fastify's own error serializer writes.
    const { statusCode, code, error, message } = data as ErrorReply;
    return JSON.stringify({ statusCode, code, error, message });
  }
  return JSON.stringify(data);
}

/**
 * For \`app.setSerializerCompiler\`: \`JSON.stringify\`. fastify's default (fast-json-stringify)
 * generates and compiles a serializer per response schema when the routes register, which is the
 * start-up cost the AOT validators exist to avoid, and it silently drops properties the schema does
 * not list, while our objects stay open so undocumented provider fields pass through. Response
 * shapes are checked by the route tests against the generated response validators instead.
 */
export const serializerCompiler: FastifySerializerCompiler<unknown> = () => serialize;
`;
  return { path: 'openapi/validatorCompiler.ts', contents };
}
