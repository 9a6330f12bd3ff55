/**
 * Orders `components.schemas` so every const is declared before the consts that use it (a TypeBox
 * value embeds the values it references, so the order is a requirement, not a style). A cycle
 * cannot be written as plain consts and stops the generator with the path that forms it.
 */
import { ContractError } from '../load/contractError.ts';

const COMPONENT_REF = /^#\/components\/schemas\/([^/]+)$/;

/** The component name a `$ref` points at, or undefined for any other reference. */
export function componentRefName(ref: string): string | undefined {
  const match = COMPONENT_REF.exec(ref);
  return match?.[1]?.replaceAll('~1', '/').replaceAll('~0', '~');
}

/** Names of the components `schema` references, sorted. */
export function referencedComponents(schema: unknown): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && typeof value === 'string') {
          const name = componentRefName(value);
          if (name !== undefined) found.add(name);
        } else walk(value);
      }
    }
  };
  walk(schema);
  return [...found].sort();
}

/**
 * Returns the component names, dependencies first, ties by name. `source` names the document in
 * errors about unknown or cyclic references.
 */
export function componentOrder(components: ReadonlyArray<{ readonly name: string; readonly schema: unknown }>, source: string): string[] {
  const byName = new Map(components.map((c) => [c.name, c.schema]));
  const done = new Set<string>();
  const order: string[] = [];
  const visit = (name: string, path: readonly string[]): void => {
    if (done.has(name)) return;
    if (path.includes(name)) {
      throw new ContractError(`${source}#/components/schemas: cyclic reference ${[...path.slice(path.indexOf(name)), name].join(' -> ')} cannot be emitted as TypeBox consts; break the cycle in the contract`);
    }
    if (!byName.has(name)) throw new ContractError(`${source}#/components/schemas/${path.at(-1) ?? ''}: unresolved reference "#/components/schemas/${name}"`);
    for (const dep of referencedComponents(byName.get(name))) visit(dep, [...path, name]);
    done.add(name);
    order.push(name);
  };
  for (const name of [...byName.keys()].sort()) visit(name, []);
  return order;
}
