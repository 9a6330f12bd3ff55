import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EnvApiErrorCodes } from '../../generated/openapi/internal-events.schemas.ts';
import { envApiErrorStatus, envApiResultStatus } from './errors.ts';

// The contract is the spec of every answer: read it as written, not through generated code.
const contract: unknown = parse(readFileSync(new URL('../../contracts/openapi/internal-events.yaml', import.meta.url), 'utf8'));

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

/** Every (status, code, where) the contract lists: `x-error-codes` and `x-result-error-codes` of each response. */
const listed = entries(get(contract, 'paths')).flatMap(([path, item]) =>
  entries(item)
    .filter(([method]) => ['get', 'put', 'post', 'delete', 'patch'].includes(method))
    .flatMap(([method, operation]) =>
      entries(get(operation, 'responses')).flatMap(([status, response]) => {
        const resolved = resolve(response);
        return [...strings(get(resolved, 'x-error-codes')), ...strings(get(resolved, 'x-result-error-codes'))].map((code) => ({
          code,
          status: Number(status),
          where: `${method.toUpperCase()} ${path} ${status}`,
        }));
      }),
    ),
);

const resultCodes = entries(get(contract, 'paths')).flatMap(([, item]) =>
  entries(item).flatMap(([, operation]) => entries(get(operation, 'responses')).flatMap(([, response]) => strings(get(resolve(response), 'x-result-error-codes')))),
);

const catalogue = Object.keys(envApiErrorStatus).sort();

describe('the environment API error catalogue', () => {
  it("has exactly the contract's EnvApiErrorCode enum", () => {
    expect(catalogue).toEqual(strings(get(contract, 'components', 'schemas', 'EnvApiErrorCode', 'enum')).sort());
  });

  it('has exactly the generated EnvApiErrorCodes', () => {
    expect(catalogue).toEqual([...EnvApiErrorCodes].sort());
  });

  it('lists only codes of the catalogue in the responses', () => {
    expect(listed.filter(({ code }) => !catalogue.includes(code))).toEqual([]);
  });

  it('has every code listed by at least one response', () => {
    expect(catalogue.filter((code) => !listed.some((entry) => entry.code === code))).toEqual([]);
  });

  it('answers each code with the status of every response that lists it', () => {
    const mismatches = listed.filter(({ code, status }) => Object.hasOwn(envApiErrorStatus, code) && Reflect.get(envApiErrorStatus, code) !== status);
    expect(mismatches).toEqual([]);
  });

  it("gives a result status to exactly the contract's per-event result codes", () => {
    expect(Object.keys(envApiResultStatus).sort()).toEqual([...new Set(resultCodes)].sort());
  });

  it('pairs each per-event code with the status the contract names for it', () => {
    const description = String(get(contract, 'paths', '/internal/events', 'post', 'description'));
    // Each bullet of the description names a status and, in parentheses, its codes.
    for (const [code, status] of Object.entries(envApiResultStatus)) {
      const bullet = description.split('\n* ').find((line) => line.trimStart().startsWith(`\`${status}\``));
      expect(bullet, `${code} → ${status}`).toContain(code);
    }
  });
});
