/**
 * Typed database errors: what `mapPgError` turns driver and SQLSTATE errors into, so callers
 * branch on a class and a stable code, never on driver message text.
 */
import { AppError } from '../errors.ts';

/** Where in the schema a database error happened, as far as PostgreSQL said. */
export interface DatabaseErrorFields {
  /** The SQLSTATE, e.g. `23505`; null for errors without one (a refused connection). */
  sqlState: string | null;
  constraint: string | null;
  table: string | null;
  schema: string | null;
}

/** A database error nobody branches on more precisely: code `DB_QUERY_FAILED`. */
export class DatabaseError extends AppError {
  readonly sqlState: string | null;
  readonly constraint: string | null;
  readonly table: string | null;
  readonly schema: string | null;

  constructor(message: string, fields: DatabaseErrorFields, cause: unknown, code = 'DB_QUERY_FAILED') {
    super(code, message, { cause, details: { ...fields } });
    this.sqlState = fields.sqlState;
    this.constraint = fields.constraint;
    this.table = fields.table;
    this.schema = fields.schema;
  }
}

/** SQLSTATE 23505: a row with the same key exists (the dedupe path branches on `constraint`). */
export class UniqueViolationError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields, cause: unknown) {
    super(message, fields, cause, 'DB_UNIQUE_VIOLATION');
  }
}

/** SQLSTATE 23503: the referenced row does not exist, or is still referenced. */
export class ForeignKeyViolationError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields, cause: unknown) {
    super(message, fields, cause, 'DB_FOREIGN_KEY_VIOLATION');
  }
}

/** SQLSTATE 42501: the role lacks a privilege (least privilege doing its job). */
export class PermissionDeniedError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields, cause: unknown) {
    super(message, fields, cause, 'DB_PERMISSION_DENIED');
  }
}

/**
 * The server cannot be reached or went away (refused, DNS, timeout, shutdown, too many
 * connections): code `DB_UNAVAILABLE`. Receivers answer 503 with Retry-After.
 */
export class DatabaseUnavailableError extends DatabaseError {
  constructor(message: string, fields: DatabaseErrorFields, cause: unknown) {
    super(message, fields, cause, 'DB_UNAVAILABLE');
  }
}
