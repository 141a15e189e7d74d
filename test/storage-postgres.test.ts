import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openPostgresBackend, type PostgresBackend } from '../src/storage/postgres.js';
import { LATEST_SCHEMA_VERSION } from '../src/storage/postgres-migrations.js';
import { backoffDelay, TransactionConflictError } from '../src/storage/postgres-retry.js';
import { parsePostgresUrl } from '../src/storage/postgres-url.js';
import { adminQuery, dropSchema, HOW_TO_RUN, pgAvailable, PG_URL, uniqueSchema, urlWithSchema } from './postgres/pg-test-db.js';

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString('utf8'));

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('postgres URL', () => {
  it('takes the schema out of the URL and keeps the rest', () => {
    const loc = parsePostgresUrl('postgres://coffer:s3cret@db.internal:6432/vault?schema=coffer_a&sslmode=disable');
    expect(loc.schema).toBe('coffer_a');
    const url = new URL(loc.connectionString);
    expect(url.searchParams.has('schema')).toBe(false);
    expect(url.searchParams.get('sslmode')).toBe('disable');
    expect(loc.display).toBe('db.internal:6432/vault');
  });

  it('keeps options the operator gave', () => {
    const loc = parsePostgresUrl('postgresql://h/db?options=-c%20statement_timeout%3D5000');
    expect(new URL(loc.connectionString).searchParams.get('options')).toBe('-c statement_timeout=5000');
    expect(loc.schema).toBeUndefined();
  });

  it('refuses odd schema names and other schemes, without echoing a password', () => {
    expect(() => parsePostgresUrl('postgres://h/db?schema=a;drop')).toThrow(/invalid PostgreSQL schema name/);
    expect(() => parsePostgresUrl('mysql://u:pw@h/db')).toThrow(/scheme must be postgres/);
    expect(() => parsePostgresUrl('postgres://u:pw@[::1')).toThrow(/^invalid PostgreSQL URL/);
    expect(() => parsePostgresUrl('postgres://u:pw@[::1')).not.toThrow(/pw/);
  });
});

describe('retry backoff', () => {
  const policy = { maxAttempts: 5, baseDelayMs: 2, maxDelayMs: 100 };
  it('grows exponentially up to the cap, with full jitter', () => {
    expect(backoffDelay(policy, 0, () => 0.999)).toBe(1);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(15);
    expect(backoffDelay(policy, 20, () => 0.999)).toBe(99);
    expect(backoffDelay(policy, 20, () => 0)).toBe(0);
  });
});

describe.skipIf(!pgAvailable)('postgres backend', () => {
  const schemas: string[] = [];
  const open: PostgresBackend[] = [];
  const fresh = (label: string): string => {
    const s = uniqueSchema(label);
    schemas.push(s);
    return s;
  };
  const track = (b: PostgresBackend): PostgresBackend => (open.push(b), b);

  afterEach(async () => {
    await Promise.all(open.splice(0).map((b) => b.close()));
  });
  afterAll(async () => {
    for (const s of schemas) await dropSchema(s);
  });

  describe('schema migrations', () => {
    it('creates the schema and tables, records the version, and writes no records', async () => {
      const schema = fresh('mig');
      const db = track(await openPostgresBackend(urlWithSchema(schema)));
      expect(db.schema).toBe(schema);
      const versions = await adminQuery(`SELECT version, name FROM "${schema}".coffer_schema_migrations ORDER BY version`);
      expect(versions.map((r) => r.version)).toEqual([...Array(LATEST_SCHEMA_VERSION).keys()].map((i) => i + 1));
      expect(await adminQuery(`SELECT * FROM "${schema}".coffer_kv`)).toEqual([]);
      const cols = await adminQuery(
        `SELECT column_name, data_type, collation_name FROM information_schema.columns
         WHERE table_schema = $1 AND table_name = 'coffer_kv' ORDER BY ordinal_position`,
        [schema],
      );
      expect(cols).toEqual([
        { column_name: 'key', data_type: 'text', collation_name: 'C' },
        { column_name: 'value', data_type: 'bytea', collation_name: null },
      ]);
    });

    it('is safe when several nodes start at once on a new schema', async () => {
      const schema = fresh('race');
      const nodes = await Promise.all(Array.from({ length: 6 }, () => openPostgresBackend(PG_URL, { schema, poolSize: 2 })));
      nodes.forEach(track);
      const rows = await adminQuery(`SELECT count(*)::int AS n FROM "${schema}".coffer_schema_migrations`);
      expect(rows[0]?.n).toBe(LATEST_SCHEMA_VERSION);
      await nodes[0]!.put('k', bytes('v'));
      expect(text(await nodes[5]!.get('k'))).toBe('v');
    });

    it('opening again applies nothing and keeps the data', async () => {
      const schema = fresh('reopen');
      const first = await openPostgresBackend(PG_URL, { schema });
      await first.put('keep', bytes('me'));
      await first.close();
      const again = track(await openPostgresBackend(PG_URL, { schema }));
      expect(text(await again.get('keep'))).toBe('me');
    });

    it('refuses a database migrated by a newer coffer', async () => {
      const schema = fresh('newer');
      track(await openPostgresBackend(PG_URL, { schema }));
      await adminQuery(`INSERT INTO "${schema}".coffer_schema_migrations (version, name) VALUES (999, 'future')`);
      await expect(openPostgresBackend(PG_URL, { schema })).rejects.toThrow(/version 999, newer than this coffer supports/);
    });

    it('says where it could not connect, without the password', async () => {
      const err = await openPostgresBackend('postgres://coffer:hunter2@127.0.0.1:1/nodb').catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).toMatch(/^cannot open PostgreSQL storage at 127\.0\.0\.1:1\/nodb: /);
      expect((err as Error).message).not.toContain('hunter2');
    });
  });

  describe('transactions under concurrency', () => {
    it('3 nodes x 50 concurrent read-modify-write increments of one key end at exactly 150', async () => {
      const schema = fresh('incr');
      const nodes = await Promise.all([1, 2, 3].map(() => openPostgresBackend(PG_URL, { schema })));
      nodes.forEach(track);
      await nodes[0]!.put('counter', bytes('0'));
      let runs = 0;
      await Promise.all(
        Array.from({ length: 150 }, (_, i) =>
          nodes[i % 3]!.transaction(async (tx) => {
            runs++;
            const n = Number(text(await tx.get('counter')));
            await tx.put('counter', bytes(String(n + 1)));
          }),
        ),
      );
      expect(text(await nodes[1]!.get('counter'))).toBe('150');
      // Conflicts did happen and were retried, not lost.
      expect(runs).toBeGreaterThan(150);
    });

    it('re-runs fn after a serialization failure, seeing the winner\'s write', async () => {
      const schema = fresh('rerun');
      const a = track(await openPostgresBackend(PG_URL, { schema }));
      const b = track(await openPostgresBackend(PG_URL, { schema }));
      await a.put('k', bytes('0'));
      const aWrote = deferred();
      const bRead = deferred();
      const seen: string[] = [];
      const txA = a.transaction(async (tx) => {
        await tx.get('k');
        await tx.put('k', bytes('a'));
        aWrote.resolve();
        await bRead.promise;
      });
      const txB = b.transaction(async (tx) => {
        const v = text(await tx.get('k')) ?? '';
        seen.push(v);
        if (seen.length === 1) {
          await aWrote.promise;
          bRead.resolve();
          await txA;
        }
        await tx.put('k', bytes(`${v}+b`));
      });
      await Promise.all([txA, txB]);
      expect(seen).toEqual(['0', 'a']);
      expect(text(await a.get('k'))).toBe('a+b');
    });

    it('gives up after the configured attempts with a conflict error', async () => {
      const schema = fresh('giveup');
      const a = track(await openPostgresBackend(PG_URL, { schema }));
      const b = track(await openPostgresBackend(PG_URL, { schema, retry: { maxAttempts: 1 } }));
      await a.put('k', bytes('0'));
      const bRead = deferred();
      const txB = b.transaction(async (tx) => {
        await tx.get('k');
        bRead.resolve();
        await a.transaction(async (t) => t.put('k', bytes('a')));
        await tx.put('k', bytes('b'));
      });
      await bRead.promise;
      await expect(txB).rejects.toBeInstanceOf(TransactionConflictError);
      expect(text(await a.get('k'))).toBe('a');
    });

    it('does not commit when fn swallows a failed statement', async () => {
      const schema = fresh('swallow');
      const db = track(await openPostgresBackend(PG_URL, { schema }));
      await expect(
        db.transaction(async (tx) => {
          await tx.put('ok', bytes('1'));
          // PostgreSQL text cannot hold NUL: this statement fails and aborts the transaction.
          await tx.put('bad\u0000key', bytes('x')).catch(() => undefined);
          return 'carried on';
        }),
      ).rejects.toThrow();
      expect(await db.get('ok')).toBeUndefined();
    });

    it('refuses a transaction handle used after the transaction ended', async () => {
      const schema = fresh('leak');
      const db = track(await openPostgresBackend(PG_URL, { schema }));
      let leaked: { put(k: string, v: Uint8Array): Promise<void> } | undefined;
      await db.transaction(async (tx) => {
        leaked = tx;
      });
      await expect(leaked!.put('late', bytes('x'))).rejects.toThrow(/already finished/);
      expect(await db.get('late')).toBeUndefined();
    });

    it('lists by exact prefix bounds on the key index', async () => {
      const schema = fresh('plan');
      const db = track(await openPostgresBackend(PG_URL, { schema }));
      await db.put('a%/1', bytes('x'));
      await db.put('ab/1', bytes('x'));
      expect((await db.list('a%')).entries.map((e) => e.key)).toEqual(['a%/1']);
      const plan = await adminQuery<{ 'QUERY PLAN': string }>(
        `EXPLAIN SELECT key, value FROM "${schema}".coffer_kv WHERE key >= $1 AND key < $2 ORDER BY key`.replace('$1', `'a%'`).replace('$2', `'a&'`),
      );
      // The primary key index (COLLATE "C") answers the range; no scan of the whole table.
      const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(planText).toContain('coffer_kv_pkey');
      expect(planText).toMatch(/Index Cond: \(\(key >= 'a%'::text\) AND \(key < 'a&'::text\)\)/);
    });
  });
});

if (!pgAvailable) {
  describe('postgres backend', () => {
    it.skip(HOW_TO_RUN, () => undefined);
  });
}
