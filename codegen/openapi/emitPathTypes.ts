/**
 * Emits `generated/openapi/<name>.types.ts`: `paths`, `operations` and `components` types from
 * openapi-typescript, used here as a dev-time emitter only (its programmatic API; nothing of it
 * runs in the services). Useful to clients of the API, e.g. the Kick API poller.
 */
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { ContractError } from '../load/contractError.ts';
import type { OpenApiModel } from './readOpenApi.ts';

export async function emitPathTypes(model: OpenApiModel): Promise<GeneratedFile> {
  let code: string;
  try {
    // openapi-typescript bundles (and may annotate) the document it is given: hand it a copy.
    const ast = await openapiTS(structuredClone(model.document) as OpenAPI3, { silent: true, alphabetize: true });
    code = astToString(ast);
  } catch (cause) {
    throw new ContractError(`${model.source}: openapi-typescript cannot read the document: ${(cause as Error).message}`, { cause });
  }
  return { path: `openapi/${model.name}.types.ts`, contents: `${header(model.source, 'ts')}/* eslint-disable */\n${code}` };
}
