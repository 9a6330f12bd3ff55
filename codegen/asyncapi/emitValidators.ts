/**
 * Emits `generated/asyncapi/validators.cjs` (Ajv standalone, compiled at codegen time) and its
 * declaration file. One validator per event payload, per event's headers, and the envelope.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { compileValidators, type CompiledValidators } from '../validators/compileStandalone.ts';
import type { AsyncApiModel } from './eventModel.ts';
import { lowerCaseHeaderSchema } from './headerCase.ts';

/** Validator export names, shared with the catalogue emitter. */
export const validatorNames = {
  payload: (typeName: string): string => `validate${typeName}`,
  headers: (typeName: string): string => `validate${typeName}Headers`,
};

/** The validator files, and the compiled validators for codegen-time checks (examples). */
export function emitValidators(model: AsyncApiModel): { files: GeneratedFile[]; compiled: CompiledValidators } {
  const schemas: Record<string, unknown> = {};
  for (const event of model.events) {
    schemas[validatorNames.payload(event.typeName)] = event.resolvedPayload;
    schemas[validatorNames.headers(event.typeName)] = lowerCaseHeaderSchema(event.resolvedHeaders);
  }
  schemas[validatorNames.payload(model.envelope.typeName)] = model.envelope.resolvedPayload;
  const names = Object.keys(schemas).sort();
  const compiled = compileValidators(schemas);
  const code = compiled.code;
  const declarations = [
    header(model.source, 'ts'),
    `import type { ValidateFunction } from 'ajv';\n`,
    ...names.map((name) => `export declare const ${name}: ValidateFunction;`),
    '',
  ].join('\n');
  return {
    files: [
      { path: 'asyncapi/validators.cjs', contents: `${header(model.source, 'cjs')}/* eslint-disable */\n${code}\n` },
      { path: 'asyncapi/validators.d.cts', contents: declarations },
    ],
    compiled,
  };
}
