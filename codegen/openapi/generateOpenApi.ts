/**
 * The OpenAPI step of `npm run codegen`: for each document, path types (openapi-typescript),
 * TypeBox route schemas and AOT validators; plus the shared fastify validator compiler.
 * Pure: documents in, files out (paths relative to `generated/`).
 */
import type { GeneratedFile } from '../emit/generatedFile.ts';
import { emitPathTypes } from './emitPathTypes.ts';
import { emitRouteValidators } from './emitRouteValidators.ts';
import { emitSchemas } from './emitSchemas.ts';
import { emitValidatorCompiler } from './emitValidatorCompiler.ts';
import { readOpenApi } from './readOpenApi.ts';

/** One parsed OpenAPI document: `name` is the file stem, `path` the repo-relative source. */
export interface OpenApiDocument {
  readonly name: string;
  readonly path: string;
  readonly document: unknown;
}

export async function generateOpenApi(documents: ReadonlyArray<OpenApiDocument>): Promise<GeneratedFile[]> {
  if (documents.length === 0) return [];
  const files: GeneratedFile[] = [];
  for (const doc of [...documents].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const model = readOpenApi(doc.document, doc.name, doc.path);
    files.push(emitSchemas(model), ...emitRouteValidators(model), await emitPathTypes(model));
  }
  files.push(emitValidatorCompiler(documents));
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}
