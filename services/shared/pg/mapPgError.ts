/**
 * The one seam where PostgreSQL errors become typed errors (slonik
 * `createPgDriverFactory.ts` does the same for its own classes). Accepts raw `pg` errors,
 * slonik's wrappers (the pg error is in their `cause` chain) and socket errors.
 */
import { AppError, coerceError } from '../errors.ts';
import {
  DatabaseError,
  DatabaseUnavailableError,
  ForeignKeyViolationError,
  PermissionDeniedError,
  UniqueViolationError,
  type DatabaseErrorFields,
} from './databaseErrors.ts';

const sqlStatePattern = /^[0-9A-Z]{5}$/;

// Node socket errors seen when the server is down, unreachable or restarting.
const socketCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);

// Class 08 (connection exception), 57P01-57P03 (shutdown, crash, cannot connect now), 53300 (too many connections).
function isUnavailableState(state: string): boolean {
  return state.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(state);
}

function stringField(value: object, key: string): string | null {
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
}

/** Walks `cause` links (slonik wraps the driver error) and returns every error on the way. */
function causeChain(error: Error): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 10 && !chain.includes(current)) {
    chain.push(current);
    current = current.cause;
  }
  return chain;
}

/**
 * Maps any thrown value from a database call to a typed error. Errors that are already typed
 * (any `AppError`) and errors that are not from the database pass through unchanged.
 */
export function mapPgError(thrown: unknown): Error {
  const error = coerceError(thrown);
  if (error instanceof AppError) return error;
  const chain = causeChain(error);
  const withState = chain.find((e) => sqlStatePattern.test(stringField(e, 'code') ?? ''));
  const socket = chain.find((e) => socketCodes.has(stringField(e, 'code') ?? ''));
  const terminated = chain.some((e) => /connection terminated|Connection terminated|timeout exceeded when trying to connect/.test(e.message));
  if (withState === undefined) {
    if (socket === undefined && !terminated && error.name !== 'ConnectionError') return error;
    const fields = { sqlState: null, constraint: null, table: null, schema: null };
    return new DatabaseUnavailableError(`PostgreSQL is unavailable: ${error.message}`, fields, error);
  }
  const fields: DatabaseErrorFields = {
    sqlState: stringField(withState, 'code'),
    constraint: stringField(withState, 'constraint'),
    table: stringField(withState, 'table'),
    schema: stringField(withState, 'schema'),
  };
  const state = fields.sqlState ?? '';
  const message = withState.message;
  if (state === '23505') return new UniqueViolationError(message, fields, error);
  if (state === '23503') return new ForeignKeyViolationError(message, fields, error);
  if (state === '42501') return new PermissionDeniedError(message, fields, error);
  if (isUnavailableState(state)) return new DatabaseUnavailableError(`PostgreSQL is unavailable: ${message}`, fields, error);
  return new DatabaseError(message, fields, error);
}
