import { createHash } from 'node:crypto';
import type pg from 'pg';
import { quoteIdent } from './postgres-url.js';

/**
 * Versioned schema changes, applied in order at open. They create structure only,
 * never records: the barrier must find an empty store on first start and write its
 * keyring itself, after it has checked the root key.
 */
export interface Migration {
  version: number;
  name: string;
  /** SQL for the given quoted schema name. */
  statements(schema: string): string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'records',
    statements: (s) => [
      // COLLATE "C" orders keys bytewise (UTF-8), as SQLite and the memory backend do.
      `CREATE TABLE ${s}.coffer_kv (key TEXT COLLATE "C" PRIMARY KEY, value BYTEA NOT NULL)`,
    ],
  },
];

export const LATEST_SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

/** Identifies coffer's advisory locks among other applications' ('coff'). */
const LOCK_CLASS = 0x636f6666;

/** Two int4 keys for pg_advisory_xact_lock: one lock per coffer schema. */
export function migrationLockKeys(schema: string): [number, number] {
  return [LOCK_CLASS, createHash('sha256').update(`migrations:${schema}`).digest().readInt32BE(0)];
}

export interface MigrationResult {
  /** Versions applied by this call (empty when another node had applied them). */
  applied: number[];
  version: number;
}

/**
 * Several nodes may start at once: the first takes a transaction-scoped advisory lock
 * and migrates, the others wait on the lock and then find nothing left to do. READ
 * COMMITTED, not SERIALIZABLE, because a serializable snapshot
 * would be taken before the lock wait and miss what the lock holder committed.
 */
export async function applyMigrations(
  pool: pg.Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationResult> {
  const s = quoteIdent(schema);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  const client = await pool.connect();
  let broken: unknown;
  try {
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1, $2)', migrationLockKeys(schema));
      const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
      // Checked first: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
      if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${s}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${s}.coffer_schema_migrations (
           version INTEGER PRIMARY KEY,
           name TEXT NOT NULL,
           applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
      );
      const res = await client.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${s}.coffer_schema_migrations`);
      const current = res.rows[0]?.v ?? 0;
      if (current > known) {
        throw new Error(
          `the database schema ${schema} is at version ${current}, newer than this coffer supports (${known}); upgrade coffer on this node`,
        );
      }
      const applied: number[] = [];
      for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
        if (m.version <= current) continue;
        for (const sql of m.statements(s)) await client.query(sql);
        await client.query(`INSERT INTO ${s}.coffer_schema_migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
        applied.push(m.version);
      }
      await client.query('COMMIT');
      return { applied, version: Math.max(current, known) };
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
        broken = rollbackErr;
      });
      throw err;
    }
  } finally {
    client.release(broken instanceof Error ? broken : undefined);
  }
}
