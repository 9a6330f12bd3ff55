/**
 * AOT validators for route-schema parts. Bodies and responses compile with the shared strict
 * options (`compileStandalone`). Query strings, path parameters and headers arrive as text, so
 * they compile with type coercion as fastify's own default Ajv does (`coerceTypes: 'array'`,
 * `useDefaults`): `?limit=10` must pass an `integer` schema. Ajv options are per instance, so the
 * two sets are two standalone modules, each wrapped in its own function scope inside one file.
 */
import { ContractError } from '../load/contractError.ts';
import { compileStandalone, createAjv, standaloneCode, stripDocKeywords } from '../validators/compileStandalone.ts';


function compileCoercing(schemas: Readonly<Record<string, unknown>>): string {
  const ajv = createAjv({ source: true, coerce: true });
  const exportsMap: Record<string, string> = {};
  for (const name of Object.keys(schemas).sort()) {
    ajv.addSchema(stripDocKeywords(schemas[name]) as object, `vf:${name}`);
    exportsMap[name] = `vf:${name}`;
  }
  return standaloneCode(ajv, exportsMap);
}

/**
 * Compiles each schema alone so an Ajv complaint (strict mode, unknown format) names the part it
 * comes from; `where` maps a validator name to its contract location.
 */
function explainFailures(schemas: Readonly<Record<string, unknown>>, where: Readonly<Record<string, string>>, coerce: boolean): void {
  for (const name of Object.keys(schemas).sort()) {
    const ajv = coerce ? createAjv({ source: false, coerce: true }) : createAjv({ source: false });
    try {
      ajv.compile(stripDocKeywords(schemas[name]) as object);
    } catch (cause) {
      throw new ContractError(`${where[name] ?? name}: the schema does not compile: ${(cause as Error).message}`, { cause });
    }
  }
}

/** A standalone module's code as an expression evaluating to its `exports` object. */
function scoped(code: string): string {
  return `(function (exports) {\n${code}\nreturn exports;\n})({})`;
}

export interface RouteValidatorSet {
  /** Validator name → self-contained JSON Schema. */
  readonly schemas: Readonly<Record<string, unknown>>;
  /** Validator name → contract location, for error messages. */
  readonly where: Readonly<Record<string, string>>;
}

/**
 * Returns CommonJS code that defines `strict` and `coercing` (each an object of validate
 * functions) without exporting anything: the caller writes the exports.
 */
export function compileRouteValidators(strict: RouteValidatorSet, coercing: RouteValidatorSet): string {
  let strictCode = '{}';
  let coercingCode = '{}';
  try {
    if (Object.keys(strict.schemas).length > 0) strictCode = scoped(compileStandalone(strict.schemas));
    if (Object.keys(coercing.schemas).length > 0) coercingCode = scoped(compileCoercing(coercing.schemas));
  } catch (cause) {
    // Only on failure: compiling each schema alone is slow, but it finds the part to name.
    explainFailures(strict.schemas, strict.where, false);
    explainFailures(coercing.schemas, coercing.where, true);
    throw cause;
  }
  return `const strict = ${strictCode};\nconst coercing = ${coercingCode};\n`;
}
