import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ListOptions, ListPage, StorageBackend, StorageWriter } from './backend.js';
import { checkOwnership, configureWriter, migrate } from './sqlite-schema.js';
import { KvStatements } from './sqlite-statements.js';
import { GroupCommitter } from './sqlite-group-commit.js';

/** How long a statement waits for a lock another process holds (e.g. an operator command). */
const BUSY_TIMEOUT_MS = 5_000;

/**
 * The embedded store: one SQLite file in WAL mode. Writes go through one connection
 * and are group-committed (see GroupCommitter); reads outside transactions use a
 * second connection, which in WAL mode sees exactly the last committed state.
 */
export class SqliteBackend implements StorageBackend {
  readonly kind = 'sqlite';
  private readonly reads: KvStatements;
  private readonly writes: GroupCommitter;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    readonly file: string,
    private readonly writer: Database.Database,
    private readonly reader: Database.Database,
    private readonly walFd: number,
  ) {
    this.reads = new KvStatements(reader);
    this.writes = new GroupCommitter(writer, new KvStatements(writer), () => flushFile(walFd));
  }

  /** Group commit counters: how many commits, carrying how many writes and transactions, and disk flushes. */
  get stats(): { readonly commits: number; readonly jobs: number; readonly flushes: number } {
    return this.writes.stats;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.checkOpen();
    return this.reads.get(key);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.checkOpen();
    return this.reads.list(prefix, options);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.checkOpen();
    return this.writes.put(key, value);
  }

  async delete(key: string): Promise<void> {
    this.checkOpen();
    return this.writes.delete(key);
  }

  async transaction<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T> {
    this.checkOpen();
    return this.writes.transaction(fn);
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.writes.idle().then(() => {
      this.reader.close();
      this.writer.close();
      fs.closeSync(this.walFd);
    });
    return this.closing;
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('storage backend is closed');
  }
}

/** Opens (creating if needed) the SQLite store at `file`; the file is private to its owner. */
export function openSqliteBackend(file: string): Promise<SqliteBackend> {
  const resolved = path.resolve(file);
  fs.mkdirSync(path.dirname(resolved), { recursive: true, mode: 0o700 });
  // Create the file ourselves so it is 0600; SQLite gives -wal and -shm the same mode.
  fs.closeSync(fs.openSync(resolved, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600));
  const writer = new Database(resolved, { timeout: BUSY_TIMEOUT_MS });
  let reader: Database.Database | undefined;
  let walFd: number | undefined;
  try {
    checkOwnership(writer, resolved);
    configureWriter(writer, true);
    migrate(writer, resolved);
    reader = new Database(resolved, { timeout: BUSY_TIMEOUT_MS, fileMustExist: true });
    reader.pragma('query_only = ON');
    // The WAL exists while a connection has the database open in WAL mode, and SQLite resets it
    // in place (same file): this descriptor stays the WAL's until close.
    walFd = fs.openSync(`${resolved}-wal`, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
    return Promise.resolve(new SqliteBackend(resolved, writer, reader, walFd));
  } catch (err) {
    if (walFd !== undefined) fs.closeSync(walFd);
    reader?.close();
    writer.close();
    return Promise.reject(err);
  }
}

/** fdatasync on libuv's thread pool: the event loop is not held while the disk flushes. */
function flushFile(fd: number): Promise<void> {
  return new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve())));
}
