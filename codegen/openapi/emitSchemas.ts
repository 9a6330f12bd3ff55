/**
 * Emits `generated/openapi/<name>.schemas.ts`: TypeBox consts for `components.schemas` (dependency
 * order), one const per route-schema part with a stable `$id`, the error-code lists, and per
 * operation a `<operationId>RouteSchema` object to pass as fastify's `schema`.
 */
import { ContractError } from '../load/contractError.ts';
import { header, type GeneratedFile } from '../emit/generatedFile.ts';
import { componentOrder, componentRefName } from './componentOrder.ts';
import { camelCase, propertyKey } from './naming.ts';
import { componentConstName, type OpenApiModel, type RoutePart } from './readOpenApi.ts';
import { toTypeBox } from './toTypeBox.ts';

function jsDoc(lines: readonly string[]): string {
  const text = lines.flatMap((l) => l.trim().replaceAll('*/', '*\\/').split('\n')).filter((l) => l.length > 0);
  if (text.length === 0) return '';
  return text.length === 1 ? `/** ${text[0]} */\n` : `/**\n${text.map((l) => ` * ${l}`.trimEnd()).join('\n')}\n */\n`;
}

function description(schema: unknown): string {
  return schema !== null && typeof schema === 'object' && typeof (schema as Record<string, unknown>)['description'] === 'string'
    ? String((schema as Record<string, unknown>)['description'])
    : '';
}

function declaration(name: string, code: string, doc: string): string {
  return `${doc}export const ${name} = ${code};\nexport type ${name} = Static<typeof ${name}>;\n`;
}

/** Component schemas named `…ErrorCode` with an `enum`: the stable codes a service's error catalogue must match. */
export function errorCodeLists(model: OpenApiModel): Array<{ constName: string; schemaName: string; codes: unknown[] }> {
  return model.components
    .filter((c) => c.name.endsWith('ErrorCode'))
    .flatMap((c) => {
      const values = c.schema !== null && typeof c.schema === 'object' ? (c.schema as Record<string, unknown>)['enum'] : undefined;
      return Array.isArray(values) ? [{ constName: `${componentConstName(c.name)}s`, schemaName: c.name, codes: [...values].sort() }] : [];
    });
}

function routeSchema(operationId: string, parts: readonly RoutePart[]): string {
  const lines: string[] = [];
  for (const kind of ['body', 'querystring', 'params', 'headers'] as const) {
    const part = parts.find((p) => p.kind === kind);
    if (part) lines.push(`  ${kind}: ${part.constName},`);
  }
  const responses = parts.filter((p) => p.kind === 'response');
  lines.push(responses.length === 0 ? '  response: {},' : `  response: {\n${responses.map((p) => `    ${propertyKey(p.status ?? '')}: ${p.constName},`).join('\n')}\n  },`);
  return `export const ${camelCase(operationId)}RouteSchema = {\n${lines.join('\n')}\n};\n`;
}

export function emitSchemas(model: OpenApiModel): GeneratedFile {
  const names = new Map<string, string>([['Type', 'the typebox import'], ['Static', 'the typebox import']]);
  const claim = (name: string, by: string): void => {
    const other = names.get(name);
    if (other) throw new ContractError(`${model.source}: ${by} and ${other} would both be emitted as "${name}"; rename one`);
    names.set(name, by);
  };
  const refName = (ref: string, where: string): string => {
    const name = componentRefName(ref);
    if (name === undefined || !model.components.some((c) => c.name === name)) {
      throw new ContractError(`${where}: unresolved reference "${ref}" (schemas may reference #/components/schemas/* only)`);
    }
    return componentConstName(name);
  };
  const out: string[] = [header(model.source, 'ts'), `/* eslint-disable */\nimport { Type, type Static } from 'typebox';\n`];
  const schemas = new Map(model.components.map((c) => [c.name, c.schema]));
  for (const name of componentOrder(model.components, model.source)) {
    const schema = schemas.get(name);
    claim(componentConstName(name), `components.schemas.${name}`);
    const code = toTypeBox(schema, `${model.source}#/components/schemas/${name}`, { refName });
    out.push(declaration(componentConstName(name), code, jsDoc([description(schema)])));
  }
  for (const list of errorCodeLists(model)) {
    claim(list.constName, `the error codes of components.schemas.${list.schemaName}`);
    const doc = jsDoc([`Every value of \`${list.schemaName}\`: a service's error catalogue is checked against this list.`]);
    out.push(`${doc}export const ${list.constName} = [\n${list.codes.map((c) => `  ${JSON.stringify(c)},`).join('\n')}\n] as const;\n`);
  }
  for (const op of model.operations) {
    for (const part of op.parts) {
      claim(part.constName, part.id);
      const code = toTypeBox(part.schema, part.where, { refName, rootOptions: { $id: part.id } });
      out.push(declaration(part.constName, code, jsDoc([part.doc, `\`$id\`: \`${part.id}\`.`])));
    }
    claim(`${camelCase(op.operationId)}RouteSchema`, `the route schema of ${op.operationId}`);
    const doc = jsDoc([`Fastify route schema of \`${op.operationId}\` (${op.method} ${op.path}).${op.summary ? ` ${op.summary}` : ''}`]);
    out.push(`${doc}${routeSchema(op.operationId, op.parts)}`);
  }
  return { path: `openapi/${model.name}.schemas.ts`, contents: out.join('\n') };
}
