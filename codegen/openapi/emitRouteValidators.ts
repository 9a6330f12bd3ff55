/**
 * Emits `generated/openapi/<name>.validators.cjs` and its declaration file: one AOT validator per
 * route-schema part (the contract's JSON Schema with refs inlined, not the TypeBox value), exported
 * as `validate<Part>`, plus `validatorsById`, the `$id` → validator map the runtime validator
 * compiler serves fastify from.
 */
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { resolveRefs } from '../load/resolveRefs.ts';
import { compileRouteValidators } from './compileRouteValidators.ts';
import { validatorName } from './naming.ts';
import type { OpenApiModel, RoutePart } from './readOpenApi.ts';

interface ValidatorSet {
  readonly schemas: Record<string, unknown>;
  readonly where: Record<string, string>;
}

/** Parts that arrive as text and are validated with type coercion. */
function coerces(part: RoutePart): boolean {
  return part.kind === 'querystring' || part.kind === 'params' || part.kind === 'headers';
}

export function emitRouteValidators(model: OpenApiModel): GeneratedFile[] {
  const parts = model.operations.flatMap((op) => op.parts).sort((a, b) => (a.id < b.id ? -1 : 1));
  const strict: ValidatorSet = { schemas: {}, where: {} };
  const coercing: ValidatorSet = { schemas: {}, where: {} };
  for (const part of parts) {
    const set = coerces(part) ? coercing : strict;
    set.schemas[validatorName(part.id)] = resolveRefs(model.document, part.schema, part.where);
    set.where[validatorName(part.id)] = part.where;
  }
  const code = [
    header(model.source, 'cjs'),
    '/* eslint-disable */\n"use strict";\n',
    compileRouteValidators(strict, coercing),
    ...parts.map((p) => `exports.${validatorName(p.id)} = ${coerces(p) ? 'coercing' : 'strict'}.${validatorName(p.id)};`),
    '',
    `exports.validatorsById = {\n${parts.map((p) => `  ${JSON.stringify(p.id)}: exports.${validatorName(p.id)},`).join('\n')}\n};\n`,
  ].join('\n');
  const types = parts.map((p) => p.constName).sort();
  const declarations = [
    header(model.source, 'ts'),
    '/* eslint-disable */',
    `import type { ValidateFunction } from 'ajv';`,
    types.length > 0 ? `import type { ${types.join(', ')} } from './${model.name}.schemas.ts';\n` : '',
    ...parts.map((p) => `/** Validates ${p.doc.charAt(0).toLowerCase()}${p.doc.slice(1)} \`$id\`: \`${p.id}\`. */\nexport declare const ${validatorName(p.id)}: ValidateFunction<${p.constName}>;`),
    '',
    '/** Every validator of this document by the `$id` of its route-schema part. */',
    'export declare const validatorsById: Readonly<Record<string, ValidateFunction>>;',
    '',
  ].join('\n');
  return [
    { path: `openapi/${model.name}.validators.cjs`, contents: code },
    { path: `openapi/${model.name}.validators.d.cts`, contents: declarations },
  ];
}
