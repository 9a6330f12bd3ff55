/**
 * The whole generator as one pure step: contracts in, generated files out (plus the projector stubs
 * that are missing). Only main.ts touches the disk.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkExamples } from './asyncapi/checkExamples.ts';
import { emitCatalogue } from './asyncapi/emitCatalogue.ts';
import { emitExamples } from './asyncapi/emitExamples.ts';
import { emitHandlers } from './asyncapi/emitHandlers.ts';
import { emitTypes } from './asyncapi/emitTypes.ts';
import { emitValidators } from './asyncapi/emitValidators.ts';
import type { EventMessage } from './asyncapi/eventModel.ts';
import { readAsyncApi } from './asyncapi/readAsyncApi.ts';
import type { GeneratedFile } from './emit/generatedFile.ts';
import { emitManifest } from './emit/manifest.ts';
import { loadYaml } from './load/loadYaml.ts';
import { generateOpenApi } from './openapi/generateOpenApi.ts';

export const ASYNCAPI_PATH = 'contracts/asyncapi.yaml';
export const OPENAPI_DIR = 'contracts/openapi';

export interface GenerationResult {
  readonly files: readonly GeneratedFile[];
  readonly events: readonly EventMessage[];
  /** Repo-relative paths of every input, for the manifest. */
  readonly inputs: readonly string[];
}

/** Reads the contracts under `root` and returns every file of `generated/`, manifest included. */
export async function generate(root: string): Promise<GenerationResult> {
  const model = readAsyncApi(await loadYaml(join(root, ASYNCAPI_PATH)), ASYNCAPI_PATH);
  const validators = emitValidators(model);
  checkExamples(model, validators.compiled);
  const openApiNames = (await readdir(join(root, OPENAPI_DIR))).filter((f) => f.endsWith('.yaml')).sort();
  const openApiDocs = await Promise.all(openApiNames.map(async (file) => ({
    name: file.replace(/\.yaml$/, ''),
    path: `${OPENAPI_DIR}/${file}`,
    document: await loadYaml(join(root, OPENAPI_DIR, file)),
  })));
  const files: GeneratedFile[] = [
    emitTypes(model),
    ...validators.files,
    emitCatalogue(model),
    emitHandlers(model),
    emitExamples(model),
    ...(await generateOpenApi(openApiDocs)),
  ].sort((a, b) => a.path.localeCompare(b.path));
  const inputs = [ASYNCAPI_PATH, ...openApiDocs.map((d) => d.path)];
  return { files: [...files, await emitManifest(root, inputs, files)], events: model.events, inputs };
}
