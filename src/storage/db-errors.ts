/**
 * Driver errors → project error codes, per dialect, by the driver's error code (never by message text).
 * SQLite codes: https://sqlite.org/rescode.html; PostgreSQL SQLSTATEs: appendix A of its manual.
 */
import { ProvenaError } from '../domain/errors.ts';
import type { Dialect } from './database.ts';

const sqliteCodes: Record<string, ProvenaError['code']> = {
  SQLITE_CONSTRAINT_UNIQUE: 'CONFLICT',
  SQLITE_CONSTRAINT_PRIMARYKEY: 'CONFLICT',
  SQLITE_CONSTRAINT_FOREIGNKEY: 'CONFLICT',
  SQLITE_CONSTRAINT_NOTNULL: 'VALIDATION_FAILED',
  SQLITE_CONSTRAINT_CHECK: 'VALIDATION_FAILED',
  SQLITE_BUSY: 'TRANSIENT_FAILURE',
  SQLITE_BUSY_SNAPSHOT: 'TRANSIENT_FAILURE',
  SQLITE_LOCKED: 'TRANSIENT_FAILURE',
  SQLITE_CANTOPEN: 'STORAGE_UNAVAILABLE',
  SQLITE_FULL: 'STORAGE_UNAVAILABLE',
  SQLITE_IOERR: 'STORAGE_UNAVAILABLE',
  SQLITE_READONLY: 'STORAGE_UNAVAILABLE',
  SQLITE_CORRUPT: 'STORAGE_UNAVAILABLE',
  SQLITE_NOTADB: 'STORAGE_UNAVAILABLE',
};

const postgresCodes: Record<string, ProvenaError['code']> = {
  '23505': 'CONFLICT', // unique_violation
  '23503': 'CONFLICT', // foreign_key_violation
  '23502': 'VALIDATION_FAILED', // not_null_violation
  '23514': 'VALIDATION_FAILED', // check_violation
  '22001': 'VALIDATION_FAILED', // string_data_right_truncation
  '22P02': 'VALIDATION_FAILED', // invalid_text_representation
  '40001': 'TRANSIENT_FAILURE', // serialization_failure
  '40P01': 'TRANSIENT_FAILURE', // deadlock_detected
  '55P03': 'TRANSIENT_FAILURE', // lock_not_available
  '57P01': 'STORAGE_UNAVAILABLE', // admin_shutdown
  '53300': 'STORAGE_UNAVAILABLE', // too_many_connections
  '3D000': 'STORAGE_UNAVAILABLE', // invalid_catalog_name (database missing)
  '28P01': 'STORAGE_UNAVAILABLE', // invalid_password
};

const networkCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPIPE']);

export function translateDbError(dialect: Dialect, error: unknown): unknown {
  if (error instanceof ProvenaError || !(error instanceof Error)) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return error;
  const mapped =
    dialect === 'sqlite'
      ? sqliteCodes[code]
      : (postgresCodes[code] ?? (networkCodes.has(code) ? 'STORAGE_UNAVAILABLE' : undefined));
  if (!mapped) return error;
  const detail = (error as { constraint?: string; detail?: string }).constraint;
  return new ProvenaError(
    mapped,
    describe(mapped),
    { dialect, driverCode: code, ...(detail ? { constraint: detail } : {}) },
    { cause: error },
  );
}

function describe(code: ProvenaError['code']): string {
  switch (code) {
    case 'CONFLICT':
      return 'The change conflicts with existing data (it already exists, or something it refers to does not).';
    case 'TRANSIENT_FAILURE':
      return 'The database was busy; retry the operation.';
    case 'STORAGE_UNAVAILABLE':
      return 'The database could not be reached or written.';
    default:
      return 'The database refused a value.';
  }
}

/** Wraps every async method of a repository so that driver errors leave storage/ already translated. */
export function translatingErrors<T extends object>(dialect: Dialect, target: T): T {
  return new Proxy(target, {
    get(obj, key, receiver) {
      const value: unknown = Reflect.get(obj, key, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(obj, args);
          return result instanceof Promise
            ? result.catch((e: unknown) => {
                throw translateDbError(dialect, e);
              })
            : result;
        } catch (error) {
          throw translateDbError(dialect, error);
        }
      };
    },
  });
}
