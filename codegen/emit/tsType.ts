/**
 * Transform: JSON Schema (2020-12 subset used by our contracts) → TypeScript type text.
 * Objects stay open (`[key: string]: unknown`) unless `additionalProperties: false`, because
 * providers add fields over time and undocumented fields pass through (DESIGN §4).
 */
import { ContractError } from '../load/contractError.ts';

export interface TsTypeOptions {
  /** Maps a `$ref` to a type name; by default `#/components/schemas/Foo` → `Foo`. */
  readonly refName?: (ref: string) => string;
  /** Indentation of the current nesting level. */
  readonly indent?: string;
}

const IDENT = /^[A-Za-z_$][\w$]*$/;

function defaultRefName(ref: string): string {
  const last = ref.split('/').pop() ?? ref;
  return last.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_m, _s: string, ch: string) => ch.toUpperCase());
}

function literal(value: unknown): string {
  return JSON.stringify(value);
}

function jsDoc(schema: Record<string, unknown>, indent: string): string {
  const text = typeof schema['description'] === 'string' ? schema['description'] : undefined;
  if (!text) return '';
  const lines = text.trim().replaceAll('*/', '*\\/').split('\n');
  return lines.length === 1 ? `${indent}/** ${lines[0]} */\n` : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

function union(parts: string[]): string {
  const unique = [...new Set(parts)];
  return unique.length === 0 ? 'never' : unique.join(' | ');
}

function wrap(type: string): string {
  return /[|&]/.test(type) ? `(${type})` : type;
}

function objectType(schema: Record<string, unknown>, opts: Required<TsTypeOptions>): string {
  const props = (schema['properties'] ?? {}) as Record<string, unknown>;
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const inner = `${opts.indent}  `;
  const lines: string[] = [];
  for (const name of Object.keys(props)) {
    const child = props[name] as Record<string, unknown>;
    const key = IDENT.test(name) ? name : literal(name);
    const doc = child && typeof child === 'object' ? jsDoc(child, inner) : '';
    lines.push(`${doc}${inner}${key}${required.has(name) ? '' : '?'}: ${tsType(child, { ...opts, indent: inner })};`);
  }
  const extra = schema['additionalProperties'];
  // Open objects keep undocumented fields; `unknown` is the only index type every declared property satisfies.
  if (extra !== false) lines.push(`${inner}[key: string]: unknown;`);
  return lines.length === 0 ? 'Record<string, never>' : `{\n${lines.join('\n')}\n${opts.indent}}`;
}

function typeOfName(name: unknown, schema: Record<string, unknown>, opts: Required<TsTypeOptions>, where: string): string {
  switch (name) {
    case 'string': return 'string';
    case 'integer':
    case 'number': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array': {
      const items = schema['items'];
      if (Array.isArray(items)) throw new ContractError(`${where}: tuple "items" are not supported`);
      return `Array<${items === undefined ? 'unknown' : tsType(items, opts)}>`;
    }
    case 'object': return objectType(schema, opts);
    default: throw new ContractError(`${where}: unknown type "${String(name)}"`);
  }
}

/** Returns the TypeScript type for `schema`. Throws ContractError on constructs it cannot express. */
export function tsType(schema: unknown, options: TsTypeOptions = {}, where = '#'): string {
  const opts: Required<TsTypeOptions> = { refName: options.refName ?? defaultRefName, indent: options.indent ?? '' };
  if (schema === true || schema === undefined) return 'unknown';
  if (schema === false) return 'never';
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new ContractError(`${where}: a schema must be an object`);
  const s = schema as Record<string, unknown>;
  if (typeof s['$ref'] === 'string') return opts.refName(s['$ref']);
  if ('const' in s) return literal(s['const']);
  if (Array.isArray(s['enum'])) return union(s['enum'].map(literal));
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (Array.isArray(s[key])) {
      const base = s['type'] === undefined && s['properties'] === undefined ? [] : [tsType({ ...s, [key]: undefined }, opts, where)];
      const alternatives = union((s[key] as unknown[]).map((alt, i) => tsType(alt, opts, `${where}/${key}/${i}`)));
      return base.length ? `${wrap(base[0] ?? 'unknown')} & ${wrap(alternatives)}` : alternatives;
    }
  }
  if (Array.isArray(s['allOf'])) {
    const parts = (s['allOf'] as unknown[]).map((part, i) => wrap(tsType(part, opts, `${where}/allOf/${i}`)));
    const { allOf: _allOf, ...rest } = s;
    if (rest['type'] !== undefined || rest['properties'] !== undefined) parts.push(wrap(tsType(rest, opts, where)));
    return parts.join(' & ');
  }
  const type = s['type'];
  if (Array.isArray(type)) return union(type.map((t) => typeOfName(t, s, opts, where)).map((t) => (type.length > 1 ? wrap(t) : t)));
  if (type === undefined) return s['properties'] !== undefined ? objectType(s, opts) : 'unknown';
  return typeOfName(type, s, opts, where);
}

/** A named declaration: `export type Name = …;` with `doc` (else the schema's description) as JSDoc. */
export function tsDeclaration(name: string, schema: unknown, options: TsTypeOptions = {}, doc?: string): string {
  const text = doc ?? (schema && typeof schema === 'object' ? (schema as Record<string, unknown>)['description'] : undefined);
  const docBlock = typeof text === 'string' && text.length > 0 ? jsDoc({ description: text }, '') : '';
  return `${docBlock}export type ${name} = ${tsType(schema, options, name)};\n`;
}
