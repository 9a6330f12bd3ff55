/**
 * Reading the numbered ClickHouse migrations in `sql/clickhouse/vf/`.
 *
 * File format: `NNNN_snake_name.sql`, applied in number order, append-only once landed. A file
 * may hold several statements, separated by a `;` at the end of a line (so never end a comment
 * line with `;`). ClickHouse has no transactional DDL: a crash between two statements re-runs the
 * whole file, so every statement must be idempotent (`IF NOT EXISTS`). `{{name}}` placeholders
 * are filled in from the runner's options; the checksum covers the file as committed, so a
 * changed option value never looks like an edited migration.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClickhouseSetupError } from './clickhouseSetupError.ts';

/** One migration file, as committed. */
export interface ClickhouseMigration {
  version: number;
  /** The file name, e.g. `0001_raw_events.sql`. */
  name: string;
  /** SHA-256 (hex) of the file's bytes. */
  checksum: string;
  text: string;
}

const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;
const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;

/** Every migration in `dir` ordered by version; other files (such as schema.sql) are ignored. */
export async function loadClickhouseMigrations(dir: string): Promise<ClickhouseMigration[]> {
  const names = (await readdir(dir)).filter((n) => FILE_NAME.test(n)).sort();
  const migrations: ClickhouseMigration[] = [];
  for (const name of names) {
    const version = Number(FILE_NAME.exec(name)?.[1]);
    const clash = migrations.find((m) => m.version === version);
    if (clash) {
      throw new ClickhouseSetupError('CLICKHOUSE_MIGRATION_INVALID', `Migrations ${clash.name} and ${name} share version ${version}.`, {
        details: { dir },
      });
    }
    const bytes = await readFile(join(dir, name));
    migrations.push({ version, name, checksum: createHash('sha256').update(bytes).digest('hex'), text: bytes.toString('utf8') });
  }
  return migrations;
}

/** Splits a migration into statements on `;` at line ends, dropping comment-only pieces. */
export function splitStatements(text: string): string[] {
  return text
    .split(/;[ \t]*(?:\r?\n|$)/)
    .map((piece) => piece.trim())
    .filter((piece) => piece.split('\n').some((line) => line.trim() !== '' && !line.trim().startsWith('--')));
}

/** Replaces `{{name}}` with `values[name]`; an unknown placeholder is an error naming the file. */
export function fillPlaceholders(statement: string, values: Readonly<Record<string, string>>, fileName: string): string {
  return statement.replace(PLACEHOLDER, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new ClickhouseSetupError('CLICKHOUSE_MIGRATION_INVALID', `Migration ${fileName} uses an unknown placeholder {{${key}}}.`, {
        details: { file: fileName, placeholder: key },
      });
    }
    return value;
  });
}
