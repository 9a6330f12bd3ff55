/**
 * Load step of the docs build: reads `asyncapi.yaml` and every `openapi/*.yaml` of a contracts
 * directory, so a missing or unparsable contract stops the build before any renderer runs.
 */
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { AsyncApiModel } from '../asyncapi/eventModel.ts';
import { readAsyncApi } from '../asyncapi/readAsyncApi.ts';
import { ContractError } from '../load/contractError.ts';
import { loadYaml } from '../load/loadYaml.ts';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

export interface AsyncApiContract {
  readonly path: string;
  /** The parsed YAML, as written. */
  readonly document: unknown;
  readonly title: string;
  readonly version: string;
  readonly model: AsyncApiModel;
}

export interface OpenApiContract {
  /** File name without `.yaml`, e.g. `internal-events`. */
  readonly name: string;
  readonly path: string;
  readonly title: string;
  readonly version: string;
  readonly operationCount: number;
}

export interface DocsContracts {
  readonly asyncApi: AsyncApiContract;
  /** Sorted by file name. */
  readonly openApi: readonly OpenApiContract[];
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function info(document: unknown, path: string): { title: string; version: string } {
  const { title, version } = asRecord(asRecord(document)['info']);
  if (typeof title !== 'string' || typeof version !== 'string') throw new ContractError(`${path}: "info.title" and "info.version" are required`);
  return { title, version };
}

async function loadAsyncApi(path: string): Promise<AsyncApiContract> {
  if (!existsSync(path)) throw new ContractError(`${path}: missing (the AsyncAPI document the event reference is built from)`);
  const document = await loadYaml(path);
  return { path, document, ...info(document, path), model: readAsyncApi(document, path) };
}

async function loadOpenApi(path: string): Promise<OpenApiContract> {
  const document = asRecord(await loadYaml(path));
  if (typeof document['openapi'] !== 'string' || !document['openapi'].startsWith('3.')) {
    throw new ContractError(`${path}: expected an OpenAPI 3.x document (an "openapi" field such as "3.1.0")`);
  }
  const paths = asRecord(document['paths']);
  const operationCount = Object.values(paths).reduce<number>((n, item) => n + HTTP_METHODS.filter((m) => m in asRecord(item)).length, 0);
  if (operationCount === 0) throw new ContractError(`${path}: no operations under "paths"`);
  return { name: basename(path, '.yaml'), path, ...info(document, path), operationCount };
}

/** Loads the contracts under `contractsDir`; throws a ContractError naming the file on any problem. */
export async function loadContracts(contractsDir: string): Promise<DocsContracts> {
  const openApiDir = join(contractsDir, 'openapi');
  const files = existsSync(openApiDir) ? (await readdir(openApiDir)).filter((f) => f.endsWith('.yaml')).sort() : [];
  if (files.length === 0) throw new ContractError(`${openApiDir}: no OpenAPI documents (*.yaml) found`);
  const asyncApi = await loadAsyncApi(join(contractsDir, 'asyncapi.yaml'));
  const openApi: OpenApiContract[] = [];
  for (const file of files) openApi.push(await loadOpenApi(join(openApiDir, file)));
  return { asyncApi, openApi };
}
