import type pg from 'pg';
import type { Entry, ListOptions, ListPage, StorageWriter } from './backend.js';
import type { Queryable, RecordQueries } from './postgres-queries.js';
import { isRetryable, sqlState } from './postgres-retry.js';

/** A transaction's view, with the bulk operations a copy between backends needs. */
export interface PostgresTransaction extends StorageWriter {
  putMany(entries: readonly Entry[]): Promise<void>;
  deleteAll(): Promise<void>;
}

/**
 * One attempt of a transaction on one pooled connection. Remembers the first failed
 * statement, because once a statement fails PostgreSQL ignores everything up to the
 * end of the transaction and would turn COMMIT into a silent ROLLBACK, even if `fn`
 * caught the error and carried on.
 */
class Attempt implements PostgresTransaction, Queryable {
  failure: unknown;
  wrote = false;
  finished = false;
  /** Set when the connection itself failed: it must not go back to the pool. */
  broken: Error | undefined;

  constructor(
    private readonly client: pg.PoolClient,
    private readonly sql: RecordQueries,
    private readonly announcer: Announcer | undefined,
  ) {}

  async query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }> {
    if (this.finished) throw new Error('storage transaction already finished; use the store outside it');
    try {
      return await this.client.query<R & pg.QueryResultRow>(text, values);
    } catch (err) {
      this.failure ??= err;
      if (sqlState(err) === undefined) this.broken ??= err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.sql.get(this, key);
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.sql.list(this, prefix, options);
  }

  put(key: string, value: Uint8Array): Promise<void> {
    this.wrote = true;
    return this.sql.put(this, key, value);
  }

  putMany(entries: readonly Entry[]): Promise<void> {
    this.wrote = true;
    return this.sql.putMany(this, entries);
  }

  delete(key: string): Promise<void> {
    this.wrote = true;
    return this.sql.delete(this, key);
  }

  deleteAll(): Promise<void> {
    this.wrote = true;
    return this.sql.deleteAll(this);
  }

  async announce(topic: string, key: string): Promise<void> {
    if (!this.announcer) return;
    // Like a write, it must not be committed when fn fails: a failed fn rolls back.
    this.wrote = true;
    await this.announcer(this, topic, key);
  }

  /** Statements of the attempt itself (BEGIN, COMMIT, ROLLBACK), after `fn` is done. */
  async control(text: string): Promise<string | null> {
    try {
      return (await this.client.query(text)).command;
    } catch (err) {
      if (sqlState(err) === undefined) this.broken ??= err instanceof Error ? err : new Error(String(err));
      throw err;
    }
  }

  async rollback(): Promise<void> {
    await this.control('ROLLBACK').catch(() => undefined);
  }
}

/** Queues a cache invalidation in the transaction (a NOTIFY, sent by PostgreSQL at commit). */
export type Announcer = (tx: Queryable, topic: string, key: string) => Promise<void>;

/** Runs `fn` once in a SERIALIZABLE transaction; the caller retries on a retryable error. */
export async function attemptTransaction<T>(
  pool: pg.Pool,
  sql: RecordQueries,
  fn: (tx: PostgresTransaction) => Promise<T>,
  announcer?: Announcer,
): Promise<T> {
  const client = await pool.connect();
  const tx = new Attempt(client, sql, announcer);
  try {
    await tx.control('BEGIN ISOLATION LEVEL SERIALIZABLE');
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      tx.finished = true;
      // A conflict inside the transaction is what went wrong, whatever fn made of it.
      if (isRetryable(tx.failure)) {
        await tx.rollback();
        throw tx.failure;
      }
      if (!tx.wrote && tx.failure === undefined) {
        // fn decided from what it read; committing a read-only transaction checks that
        // those reads were a serializable view, and a conflict here means decide again.
        const committed = await tx.control('COMMIT').then(
          () => undefined,
          (commitErr: unknown) => commitErr,
        );
        if (isRetryable(committed)) throw committed;
      } else {
        await tx.rollback();
      }
      throw err;
    }
    tx.finished = true;
    if (tx.failure !== undefined) {
      await tx.rollback();
      throw tx.failure;
    }
    const command = await tx.control('COMMIT');
    // A statement fn did not await failed after fn returned: nothing was committed.
    if (command === 'ROLLBACK') throw tx.failure ?? new Error('storage transaction was rolled back by the database');
    return result;
  } finally {
    tx.finished = true;
    client.release(tx.broken);
  }
}
