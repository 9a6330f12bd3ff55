/**
 * Transform: an `x-subject` template (`kick/broadcaster/{broadcaster.user_id}`) → a typed TypeScript
 * expression over the payload. Every path segment must be a required property, so the subject
 * exists for every valid event (checked here, at codegen time, against the resolved schema).
 */
import { ContractError } from '../load/contractError.ts';

/** Merges `allOf` members' properties and `required` into one view (our contracts use allOf for shared bases). */
function flattenAllOf(schema: unknown): Record<string, unknown> {
  const s = (schema ?? {}) as Record<string, unknown>;
  if (!Array.isArray(s['allOf'])) return s;
  const members = [s, ...(s['allOf'] as unknown[]).map(flattenAllOf)];
  return {
    properties: Object.assign({}, ...members.map((m) => (m['properties'] ?? {}) as object)),
    required: members.flatMap((m) => (Array.isArray(m['required']) ? (m['required'] as string[]) : [])),
  };
}

function requiredChild(schema: unknown, segment: string, where: string): unknown {
  const s = flattenAllOf(schema);
  const props = (s['properties'] ?? {}) as Record<string, unknown>;
  const required = Array.isArray(s['required']) ? (s['required'] as string[]) : [];
  if (!(segment in props) || !required.includes(segment)) {
    throw new ContractError(`${where}: subject path segment "${segment}" must be a required property`);
  }
  const child = props[segment] as Record<string, unknown>;
  const type = child['type'];
  if (Array.isArray(type) && type.includes('null')) throw new ContractError(`${where}: subject path segment "${segment}" must not be nullable`);
  return child;
}

/** Returns a template-literal expression reading from `variable`, e.g. `` `kick/broadcaster/${String(d.broadcaster.user_id)}` ``. */
export function subjectExpression(template: string, payloadSchema: unknown, variable: string, where: string): string {
  const parts = template.split(/(\{[^}]+\})/).filter((p) => p.length > 0);
  if (!parts.some((p) => p.startsWith('{'))) throw new ContractError(`${where}: x-subject "${template}" names no payload field`);
  const code = parts.map((part) => {
    if (!part.startsWith('{')) return part.replaceAll('`', '\\`').replaceAll('${', '\\${');
    const path = part.slice(1, -1).split('.');
    let schema: unknown = payloadSchema;
    for (const segment of path) schema = requiredChild(schema, segment, `${where} x-subject`);
    const access = path.map((seg) => (/^[A-Za-z_$][\w$]*$/.test(seg) ? `.${seg}` : `[${JSON.stringify(seg)}]`)).join('');
    return `\${String(${variable}${access})}`;
  });
  return `\`${code.join('')}\``;
}
