import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { DatabaseError, DatabaseUnavailableError, PermissionDeniedError, UniqueViolationError } from './databaseErrors.ts';
import { mapPgError } from './mapPgError.ts';

/** What `pg` throws: an Error with the server's fields. */
function pgError(fields: Record<string, string>): Error {
  return Object.assign(new Error('server said no'), fields);
}

describe('mapPgError', () => {
  it('finds the SQLSTATE behind a wrapper in the cause chain', () => {
    const wrapped = new Error('wrapped', { cause: pgError({ code: '23505', constraint: 'inbox_source_message_id_key', table: 'inbox', schema: 'ingest' }) });
    const mapped = mapPgError(wrapped);
    expect(mapped).toBeInstanceOf(UniqueViolationError);
    expect(mapped).toMatchObject({ sqlState: '23505', constraint: 'inbox_source_message_id_key', table: 'inbox', cause: wrapped });
  });

  it.each([
    ['08006', DatabaseUnavailableError],
    ['57P01', DatabaseUnavailableError],
    ['53300', DatabaseUnavailableError],
    ['42501', PermissionDeniedError],
    ['22001', DatabaseError],
  ])('maps SQLSTATE %s to %o', (code, type) => {
    expect(mapPgError(pgError({ code }))).toBeInstanceOf(type);
  });

  it('maps a refused connection to DatabaseUnavailableError', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(mapPgError(refused)).toMatchObject({ code: 'DB_UNAVAILABLE', sqlState: null });
  });

  it('passes typed and unrelated errors through unchanged', () => {
    const typed = new AppError('MIGRATION_FAILED', 'x', { cause: pgError({ code: '42P01' }) });
    const plain = new TypeError('not a database problem');
    expect(mapPgError(typed)).toBe(typed);
    expect(mapPgError(plain)).toBe(plain);
  });

  it('turns a thrown non-error into an Error', () => {
    expect(mapPgError('boom')).toBeInstanceOf(Error);
  });
});
