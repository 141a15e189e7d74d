import pg from 'pg';
import type { InvalidationBus } from '../server/invalidation.js';
import type { ListOptions, ListPage, StorageBackend } from './backend.js';
import { applyMigrations } from './postgres-migrations.js';
import { PostgresNotifier } from './postgres-notify.js';
import { RecordQueries } from './postgres-queries.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './postgres-retry.js';
import { attemptTransaction, type PostgresTransaction } from './postgres-transaction.js';
import { parsePostgresUrl, validateSchemaName } from './postgres-url.js';

/**
 * The storage backend for several coffer nodes sharing one PostgreSQL database: one
 * table of sealed records, serializable transactions retried on conflict, and cache
 * invalidations relayed between nodes with LISTEN/NOTIFY.
 */
export interface PostgresBackendOptions {
  /** Schema holding coffer's tables; overrides `?schema=` in the URL. Default: current_schema(). */
  schema?: string;
  /** When given, invalidations published on it reach the other nodes and theirs reach it. */
  bus?: InvalidationBus;
  /** Connections in the pool (default 10). */
  poolSize?: number;
  retry?: Partial<RetryPolicy>;
  /** Identifies this node in notifications (default random). */
  nodeId?: string;
  /** Background failures (lost LISTEN connection, idle client errors); default: a warning on stderr. */
  onError?: (err: Error) => void;
}

export class PostgresBackend implements StorageBackend {
  readonly kind = 'postgres';
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Work accepted before close; the pool drops queued requests when it ends, so close waits. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly sql: RecordQueries,
    private readonly retry: RetryPolicy,
    /** Present when the backend relays a bus. */
    readonly notifier: PostgresNotifier | undefined,
    /** host:port/database, for messages (never the password). */
    readonly location: string,
  ) {}

  get schema(): string {
    return this.sql.schema;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.autocommit(() => this.sql.get(this.pool, key));
  }

  list(prefix: string, options?: ListOptions): Promise<ListPage> {
    return this.autocommit(() => this.sql.list(this.pool, prefix, options));
  }

  put(key: string, value: Uint8Array): Promise<void> {
    return this.autocommit(() => this.sql.put(this.pool, key, value));
  }

  delete(key: string): Promise<void> {
    return this.autocommit(() => this.sql.delete(this.pool, key));
  }

  /** Number of records (operator tooling; services page with list). */
  count(): Promise<number> {
    return this.autocommit(() => this.sql.count(this.pool));
  }

  async transaction<T>(fn: (tx: PostgresTransaction) => Promise<T>): Promise<T> {
    const notifier = this.notifier;
    return this.track(() => attemptTransaction(this.pool, this.sql, fn, notifier && ((q, topic, key) => notifier.within(q, topic, key))));
  }

  /** Resolves when every invalidation published so far has been sent to the other nodes. */
  async flushNotifications(): Promise<void> {
    await this.notifier?.flush();
  }

  close(): Promise<void> {
    this.closed = true;
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.notifier?.close();
    await this.pool.end();
  }

  /**
   * A lone get, list, put or delete is one statement in its own transaction, at the
   * server's default isolation: a blind write, or a read that feeds no write, cannot
   * take part in a serialization anomaly, and a SERIALIZABLE transaction that later
   * writes the same row fails and is retried. No session setting is needed, so the
   * pool also works through PgBouncer (which refuses startup options). Deadlocks, and
   * conflicts under a stricter server default, are retried all the same.
   */
  private autocommit<T>(run: () => Promise<T>): Promise<T> {
    return this.track(run);
  }

  private async track<T>(run: () => Promise<T>): Promise<T> {
    this.assertOpen();
    const work = withRetry(this.retry, run);
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the PostgreSQL storage backend is closed');
  }
}

export async function openPostgresBackend(url: string, opts: PostgresBackendOptions = {}): Promise<PostgresBackend> {
  const location = parsePostgresUrl(url);
  if (opts.schema !== undefined) validateSchemaName(opts.schema);
  const reportError =
    opts.onError ?? ((err: Error) => console.warn(`coffer: PostgreSQL storage: ${err.message}`));
  const pool = new pg.Pool({
    connectionString: location.connectionString,
    max: opts.poolSize ?? 10,
    keepAlive: true,
    fallback_application_name: 'coffer',
    connectionTimeoutMillis: 15_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle pooled connection that drops emits here; without a listener it would crash the process.
  pool.on('error', (err) => reportError(err));
  try {
    const schema = opts.schema ?? location.schema ?? (await currentSchema(pool));
    await applyMigrations(pool, schema);
    const notifier = opts.bus
      ? await PostgresNotifier.start(pool, {
          connectionString: location.connectionString,
          schema,
          bus: opts.bus,
          nodeId: opts.nodeId,
          onError: reportError,
        })
      : undefined;
    return new PostgresBackend(pool, new RecordQueries(schema), { ...DEFAULT_RETRY_POLICY, ...opts.retry }, notifier, location.display);
  } catch (err) {
    await pool.end().catch(() => undefined);
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`cannot open PostgreSQL storage at ${location.display}: ${message}`, { cause: err });
  }
}

async function currentSchema(pool: pg.Pool): Promise<string> {
  const res = await pool.query<{ s: string | null }>('SELECT current_schema() AS s');
  const schema = res.rows[0]?.s;
  if (!schema) {
    throw new Error('no schema in the search_path exists; name one with ?schema=<name> in the URL');
  }
  return schema;
}
