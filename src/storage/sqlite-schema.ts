import type Database from 'better-sqlite3';

/** 'Cofr': marks a SQLite file as a coffer store so we never write into someone else's database. */
export const APPLICATION_ID = 0x436f6672;

/** Migrations by version: MIGRATIONS[n] brings user_version n to n + 1. Append only. */
const MIGRATIONS: readonly string[] = [
  'CREATE TABLE kv (key TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID',
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Settings for the connection that writes: WAL. With `flushedByCaller` the WAL is flushed
 * by the group committer off the event loop before a commit is acknowledged (NORMAL: SQLite
 * itself syncs only at checkpoints); otherwise SQLite flushes it in every COMMIT (FULL).
 */
export function configureWriter(db: Database.Database, flushedByCaller = false): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`SQLite refused WAL journal mode (got ${String(mode)})`);
  db.pragma(flushedByCaller ? 'synchronous = NORMAL' : 'synchronous = FULL');
}

/**
 * Refuses a file that is another program's database or from a newer release.
 * Runs before anything (even the switch to WAL) writes to the file.
 */
export function checkOwnership(db: Database.Database, file: string): { appId: number; version: number } {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const objects = db.prepare('SELECT count(*) FROM sqlite_schema').pluck().get() as number;
    if (appId !== 0 || objects > 0) throw new Error(`${file} is not a coffer database`);
  }
  if (version > SCHEMA_VERSION) {
    throw new Error(`${file} has schema version ${version}; this coffer understands up to ${SCHEMA_VERSION} (was it written by a newer release?)`);
  }
  return { appId, version };
}

/** Brings the schema up to date in one write transaction, so two processes starting together agree. */
export function migrate(db: Database.Database, file: string): void {
  db.exec('BEGIN IMMEDIATE');
  try {
    const { appId, version } = checkOwnership(db, file);
    for (let v = version; v < SCHEMA_VERSION; v++) db.exec(MIGRATIONS[v] as string);
    if (appId !== APPLICATION_ID) db.pragma(`application_id = ${APPLICATION_ID}`);
    if (version !== SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
