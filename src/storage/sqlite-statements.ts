import type Database from 'better-sqlite3';
import type { Entry, ListOptions, ListPage } from './backend.js';
import { checkListOptions, listStart, prefixUpperBound, toPage } from './key-order.js';

type Stmt = Database.Statement<unknown[], unknown>;

/**
 * The key/value statements of one connection, prepared once. Prefix listings are
 * index range scans (see prefixUpperBound); four variants cover inclusive or
 * exclusive start and bounded or unbounded end.
 */
export class KvStatements {
  private readonly getStmt: Stmt;
  private readonly putStmt: Stmt;
  private readonly deleteStmt: Stmt;
  private readonly listStmts: Record<'ge' | 'gt' | 'geLt' | 'gtLt', Stmt>;

  constructor(db: Database.Database) {
    this.getStmt = db.prepare('SELECT value FROM kv WHERE key = ?').pluck();
    this.putStmt = db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
    this.deleteStmt = db.prepare('DELETE FROM kv WHERE key = ?');
    const list = (where: string): Stmt => db.prepare(`SELECT key, value FROM kv WHERE ${where} ORDER BY key LIMIT ?`).raw();
    this.listStmts = {
      ge: list('key >= ?'),
      gt: list('key > ?'),
      geLt: list('key >= ? AND key < ?'),
      gtLt: list('key > ? AND key < ?'),
    };
  }

  get(key: string): Buffer | undefined {
    return this.getStmt.get(key) as Buffer | undefined;
  }

  put(key: string, value: Uint8Array): void {
    this.putStmt.run(key, value);
  }

  delete(key: string): void {
    this.deleteStmt.run(key);
  }

  list(prefix: string, options?: ListOptions): ListPage {
    checkListOptions(options);
    const limit = options?.limit;
    const start = listStart(prefix, options?.after);
    const end = prefixUpperBound(prefix);
    // One row past the limit tells whether another page follows; -1 is SQLite's "no limit".
    const fetch = limit === undefined ? -1 : limit + 1;
    const rows = (
      end === undefined
        ? (start.inclusive ? this.listStmts.ge : this.listStmts.gt).all(start.key, fetch)
        : (start.inclusive ? this.listStmts.geLt : this.listStmts.gtLt).all(start.key, end, fetch)
    ) as [string, Buffer][];
    const entries: Entry[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as [string, Buffer];
      entries[i] = { key: row[0], value: row[1] };
    }
    return toPage(entries, limit);
  }
}
