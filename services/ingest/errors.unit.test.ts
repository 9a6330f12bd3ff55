import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IngestErrorCodes } from '../../generated/openapi/ingest.schemas.ts';
import { ingestErrorStatus } from './errors.ts';

// The contract is the spec of every answer: read it as written, not through generated code.
const contract: unknown = parse(readFileSync(new URL('../../contracts/openapi/ingest.yaml', import.meta.url), 'utf8'));

function get(value: unknown, ...path: readonly string[]): unknown {
  let at = value;
  for (const key of path) at = typeof at === 'object' && at !== null && Object.hasOwn(at, key) ? Reflect.get(at, key) : undefined;
  return at;
}

function entries(value: unknown): [string, unknown][] {
  return typeof value === 'object' && value !== null ? Object.entries(value) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/** Follows a local `$ref` (`#/components/responses/X`). */
function resolve(value: unknown): unknown {
  const ref = get(value, '$ref');
  return typeof ref === 'string' ? get(contract, ...ref.replace(/^#\//, '').split('/')) : value;
}

/** Every (status, code, where) the contract lists: `x-error-codes` of each response, `x-reason-codes` of each 202. */
const listed = entries(get(contract, 'paths')).flatMap(([path, item]) =>
  entries(item)
    .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
    .flatMap(([method, operation]) =>
      entries(get(operation, 'responses')).flatMap(([status, response]) => {
        const resolved = resolve(response);
        return [...strings(get(resolved, 'x-error-codes')), ...strings(get(resolved, 'x-reason-codes'))].map((code) => ({ code, status: Number(status), where: `${method.toUpperCase()} ${path} ${status}` }));
      }),
    ),
);

const catalogue = Object.keys(ingestErrorStatus).sort();

describe('the ingest error catalogue', () => {
  it("has exactly the contract's IngestErrorCode enum", () => {
    expect(catalogue).toEqual(strings(get(contract, 'components', 'schemas', 'IngestErrorCode', 'enum')).sort());
  });

  it('has exactly the generated IngestErrorCodes', () => {
    expect(catalogue).toEqual([...IngestErrorCodes].sort());
  });

  it('lists only codes of the catalogue in the responses', () => {
    expect(listed.filter(({ code }) => !catalogue.includes(code))).toEqual([]);
  });

  it('has every code listed by at least one response', () => {
    expect(catalogue.filter((code) => !listed.some((entry) => entry.code === code))).toEqual([]);
  });

  it('answers each code with the status of every response that lists it', () => {
    const mismatches = listed.filter(({ code, status }) => Object.hasOwn(ingestErrorStatus, code) && Reflect.get(ingestErrorStatus, code) !== status);
    expect(mismatches).toEqual([]);
  });
});
