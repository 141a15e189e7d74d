import type { Entry, ListOptions, ListPage } from './backend.js';
import { checkListOptions, prefixUpperBound, toPage } from './key-order.js';
import { quoteIdent } from './postgres-url.js';

/** What both the pool (autocommit) and a transaction's client can run. */
export interface Queryable {
  query<R extends object>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

interface Row {
  key: string;
  value: Buffer;
}

/** SQL for one schema's record table; values are bound as parameters, never spliced. */
export class RecordQueries {
  private readonly table: string;

  constructor(readonly schema: string) {
    this.table = `${quoteIdent(schema)}.coffer_kv`;
  }

  async get(q: Queryable, key: string): Promise<Uint8Array | undefined> {
    const res = await q.query<Pick<Row, 'value'>>(`SELECT value FROM ${this.table} WHERE key = $1`, [key]);
    return res.rows[0]?.value;
  }

  async list(q: Queryable, prefix: string, options: ListOptions = {}): Promise<ListPage> {
    checkListOptions(options);
    const { after, limit } = options;
    const params: unknown[] = [prefix];
    const where = ['key >= $1'];
    const upper = prefixUpperBound(prefix);
    if (upper !== undefined) {
      params.push(upper);
      where.push(`key < $${params.length}`);
    }
    if (after !== undefined) {
      params.push(after);
      where.push(`key > $${params.length}`);
    }
    let sql = `SELECT key, value FROM ${this.table} WHERE ${where.join(' AND ')} ORDER BY key`;
    if (limit !== undefined) {
      // One more than asked tells whether another page follows.
      params.push(limit + 1);
      sql += ` LIMIT $${params.length}`;
    }
    const res = await q.query<Row>(sql, params);
    return toPage(
      res.rows.map((r) => ({ key: r.key, value: r.value })),
      limit,
    );
  }

  async put(q: Queryable, key: string, value: Uint8Array): Promise<void> {
    await q.query(
      `INSERT INTO ${this.table} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [key, toBuffer(value)],
    );
  }

  /** Many records in one statement: used by bulk copies. */
  async putMany(q: Queryable, entries: readonly Entry[]): Promise<void> {
    if (entries.length === 0) return;
    await q.query(
      `INSERT INTO ${this.table} (key, value) SELECT * FROM unnest($1::text[], $2::bytea[])
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
      [entries.map((e) => e.key), entries.map((e) => toBuffer(e.value))],
    );
  }

  async delete(q: Queryable, key: string): Promise<void> {
    await q.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }

  async deleteAll(q: Queryable): Promise<void> {
    await q.query(`DELETE FROM ${this.table}`);
  }

  async count(q: Queryable): Promise<number> {
    const res = await q.query<{ n: string }>(`SELECT count(*) AS n FROM ${this.table}`);
    return Number(res.rows[0]?.n ?? 0);
  }
}

function toBuffer(value: Uint8Array): Buffer {
  return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}
