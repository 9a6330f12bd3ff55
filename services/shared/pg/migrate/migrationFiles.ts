/**
 * The numbered SQL migrations on disk: `sql/postgres/<kind>/migrations/NNNN_name.sql`,
 * applied in name order, append-only once landed (each is checksummed).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

/** Which database a migration set is for. */
export type MigrationKind = 'dm' | 'env';

/** One migration file. */
export interface MigrationFile {
  /** The file name, e.g. `0001_dm.sql`; the key in the migrations table. */
  name: string;
  sql: string;
  /** SHA-256 (hex) of the file's bytes. */
  checksum: string;
}

const sqlRoot = new URL('../../../../sql/postgres/', import.meta.url);
const migrationName = /^\d{4}_[a-z0-9_]+\.sql$/;

/** The directory holding one kind's migrations. */
export function migrationsDir(kind: MigrationKind): string {
  return fileURLToPath(new URL(`${kind}/migrations/`, sqlRoot));
}

/** The cluster-wide role script (`sql/postgres/roles.sql`). */
export async function readRolesSql(): Promise<string> {
  return readFile(new URL('roles.sql', sqlRoot), 'utf8');
}

/** Every migration of `kind`, sorted by name; fails on a file that breaks the naming rule. */
export async function readMigrationFiles(kind: MigrationKind, dir = migrationsDir(kind)): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.sql')).sort();
  const bad = names.filter((n) => !migrationName.test(n));
  if (bad.length > 0) throw new Error(`Migration files must be named NNNN_snake_case.sql: ${bad.join(', ')} in ${dir}`);
  return Promise.all(
    names.map(async (name) => {
      const bytes = await readFile(`${dir}/${name}`);
      return { name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}
