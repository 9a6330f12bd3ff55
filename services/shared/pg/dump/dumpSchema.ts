/**
 * A normalised, diffable dump of the schemas we own, built from catalog queries (see
 * catalogQueries.ts). Objects are sorted by name; columns keep their table order.
 * Schemas managed by a library (graphile_worker) are dumped as access rules only: what our
 * migrations grant there, not the library's own tables.
 */
import type pg from 'pg';
import {
  columnsQuery,
  constraintsQuery,
  defaultPrivilegesQuery,
  functionsQuery,
  relationsQuery,
  schemasQuery,
  tableExtrasQuery,
} from './catalogQueries.ts';

/** Which schemas to dump, and how. */
export interface DumpScope {
  /** Dumped in full. */
  schemas: readonly string[];
  /** Dumped as grants, row-level security and policies only. */
  accessOnlySchemas: readonly string[];
}

interface Relation {
  name: string;
  schema: string;
  oid: string;
  kind: string;
  owner: string;
  rls: boolean;
  view_def: string | null;
  grants: string[];
}

function groupLines(rows: readonly { oid: string; line: string }[]): Map<string, string[]> {
  const byOid = new Map<string, string[]>();
  for (const row of rows) byOid.set(row.oid, [...(byOid.get(row.oid) ?? []), row.line]);
  return byOid;
}

const kindWords: Record<string, string> = { r: 'TABLE', p: 'TABLE', S: 'SEQUENCE', v: 'VIEW', m: 'MATERIALIZED VIEW' };

function relationBlock(r: Relation, full: boolean, columns: Map<string, string[]>, extras: Map<string, string[]>): string[] {
  const lines: string[] = [];
  const isTable = r.kind === 'r' || r.kind === 'p';
  if (full && isTable) {
    const body = [...(columns.get(r.oid) ?? []), ...(extras.get(`c${r.oid}`) ?? [])];
    lines.push(`CREATE TABLE ${r.name} (\n  ${body.join(',\n  ')}\n);`);
  } else if (full && r.view_def !== null) {
    lines.push(`CREATE ${kindWords[r.kind] ?? 'VIEW'} ${r.name} AS\n${r.view_def.trimEnd()}`);
  } else {
    lines.push(`-- ${kindWords[r.kind] ?? r.kind} ${r.name}`);
  }
  lines.push(`ALTER ${kindWords[r.kind] ?? 'TABLE'} ${r.name} OWNER TO ${r.owner};`);
  if (r.rls) lines.push(`ALTER TABLE ${r.name} ENABLE ROW LEVEL SECURITY;`);
  const tableExtras = extras.get(r.oid) ?? [];
  lines.push(...(full ? tableExtras : tableExtras.filter((l) => l.startsWith('CREATE POLICY'))), ...r.grants);
  return lines;
}

/** Dumps `scope` of the database `client` is connected to. */
export async function dumpSchema(client: pg.Client, scope: DumpScope): Promise<string> {
  const all = [...scope.schemas, ...scope.accessOnlySchemas];
  const full = new Set(scope.schemas);
  const schemas = await client.query<{ name: string; owner: string; grants: string[] }>(schemasQuery, [all]);
  const relations = (await client.query<Relation>(relationsQuery, [all])).rows.filter((r) => full.has(r.schema) || r.kind !== 'S');
  const oids = relations.map((r) => r.oid);
  const columns = groupLines((await client.query<{ oid: string; line: string }>(columnsQuery, [oids])).rows);
  const constraints = (await client.query<{ oid: string; line: string }>(constraintsQuery, [oids])).rows;
  const extras = groupLines([
    ...constraints.map((c) => ({ oid: `c${c.oid}`, line: c.line })),
    ...(await client.query<{ oid: string; line: string }>(tableExtrasQuery, [oids])).rows,
  ]);
  const functions = await client.query<{ name: string; def: string; grants: string[] }>(functionsQuery, [scope.schemas]);
  const defaults = await client.query<{ line: string }>(defaultPrivilegesQuery, [all]);

  const blocks: string[] = [];
  for (const s of schemas.rows) blocks.push([`CREATE SCHEMA ${s.name} AUTHORIZATION ${s.owner};`, ...s.grants].join('\n'));
  if (defaults.rows.length > 0) blocks.push(defaults.rows.map((d) => d.line).join('\n'));
  for (const r of relations) blocks.push(relationBlock(r, full.has(r.schema), columns, extras).join('\n'));
  for (const f of functions.rows) blocks.push([`${f.def.trimEnd()};`, ...f.grants].join('\n'));
  return `${blocks.join('\n\n')}\n`;
}
