/**
 * Makes a connection act as `vf_migrator`, so everything a migration creates is owned by it
 * whoever connected. A superuser (the embedded and test servers) first creates the roles and
 * hands the database to vf_migrator; a production connection logs in as vf_migrator itself.
 */
import type pg from 'pg';
import { AppError } from '../../errors.ts';
import { readRolesSql } from './migrationFiles.ts';

/** The role that owns the schemas and runs migrations. */
export const migratorRole = 'vf_migrator';

const requiredRoles = ['vf_migrator', 'vf_ingest', 'vf_env'];

interface SessionRow {
  current_user: string;
  is_superuser: boolean;
  is_member: boolean | null;
  db_owner: string;
  missing_roles: string[];
}

/** Prepares `client` for migrations; afterwards `current_user` is vf_migrator. */
export async function becomeMigrator(client: pg.Client): Promise<void> {
  const session = await readSession(client);
  if (session.is_superuser) {
    await createRoles(client);
    if (session.db_owner !== migratorRole) {
      // The owner of the database owns schema public (pg_database_owner) and may revoke PUBLIC's access.
      await client.query(`ALTER DATABASE ${client.escapeIdentifier(await currentDatabase(client))} OWNER TO ${migratorRole}`);
    }
  } else if (session.missing_roles.length > 0) {
    throw new AppError('MIGRATE_ROLES_MISSING', `Roles ${session.missing_roles.join(', ')} do not exist: run sql/postgres/roles.sql as an administrator first`, {
      details: { missingRoles: session.missing_roles },
    });
  } else if (session.current_user !== migratorRole && session.is_member !== true) {
    throw new AppError('MIGRATE_NOT_MIGRATOR', `Connected as ${session.current_user}, which is neither a superuser nor a member of ${migratorRole}`, {
      details: { user: session.current_user },
    });
  }
  await client.query(`SET ROLE ${migratorRole}`);
}

// Two migrators on one fresh cluster may race on CREATE ROLE; the loser sees the roles on a retry.
async function createRoles(client: pg.Client): Promise<void> {
  const sql = await readRolesSql();
  try {
    await client.query(sql);
  } catch (e: unknown) {
    const code = (e as { code?: unknown }).code;
    if (code !== '42710' && code !== '23505') throw e;
    await client.query(sql);
  }
}

async function currentDatabase(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ db: string }>('SELECT current_database() AS db');
  return rows[0]?.db ?? '';
}

async function readSession(client: pg.Client): Promise<SessionRow> {
  const { rows } = await client.query<SessionRow>(
    `SELECT current_user,
            (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS is_superuser,
            CASE WHEN to_regrole($2) IS NULL THEN NULL ELSE pg_has_role(current_user, $2, 'MEMBER') END AS is_member,
            (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS db_owner,
            ARRAY(SELECT r FROM unnest($1::text[]) AS r WHERE to_regrole(r) IS NULL) AS missing_roles`,
    [requiredRoles, migratorRole],
  );
  const row = rows[0];
  if (row === undefined) throw new Error('The session query returned no row');
  return row;
}
