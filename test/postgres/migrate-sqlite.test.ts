import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestOf, migrateSqliteToPostgres } from '../../src/storage/migrate-sqlite-to-postgres.js';
import { openPostgresBackend } from '../../src/storage/postgres.js';
import { openSqliteBackend } from '../../src/storage/sqlite.js';
import { CLI } from '../helpers/server.js';
import { dropSchema, HOW_TO_RUN, pgAvailable, uniqueSchema, urlWithSchema } from './pg-test-db.js';

const run = promisify(execFile);

describe.skipIf(!pgAvailable)('migrate SQLite to PostgreSQL', () => {
  let dir: string;
  let sqliteFile: string;
  const records = new Map<string, Buffer>();
  const schemas: string[] = [];
  const fresh = (): string => {
    const s = uniqueSchema('migr');
    schemas.push(s);
    return s;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-migrate-'));
    sqliteFile = path.join(dir, 'coffer.db');
    const source = await openSqliteBackend(sqliteFile);
    // More than two batches, odd keys, every byte value, empty and large values.
    for (let i = 0; i < 1234; i++) records.set(`secrets/${String(i).padStart(5, '0')}`, randomBytes(i % 300));
    records.set('o/a%b_c', Buffer.from(Array.from({ length: 256 }, (_, i) => i)));
    records.set('o/\u00e9\u4e2d\u{1f600}', Buffer.alloc(0));
    records.set('o/big', randomBytes(512 * 1024));
    await source.transaction(async (tx) => {
      for (const [k, v] of records) await tx.put(k, v);
    });
    await source.close();
  });

  afterAll(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    for (const s of schemas) await dropSchema(s);
  });

  it('copies every record byte for byte and verifies count and checksum', async () => {
    const schema = fresh();
    const progress: number[] = [];
    const result = await migrateSqliteToPostgres(sqliteFile, urlWithSchema(schema), { onProgress: (n) => progress.push(n) });
    expect(result.count).toBe(records.size);
    expect(progress.at(-1)).toBe(records.size);
    const dest = await openPostgresBackend(urlWithSchema(schema));
    try {
      expect(await digestOf(dest)).toEqual({ count: records.size, checksum: result.checksum });
      for (const [k, v] of records) expect(Buffer.from((await dest.get(k))!).equals(v)).toBe(true);
    } finally {
      await dest.close();
    }
    const source = await openSqliteBackend(sqliteFile);
    try {
      expect((await digestOf(source)).checksum).toBe(result.checksum);
    } finally {
      await source.close();
    }
  });

  it('refuses a destination that holds records, and replaces them with force', async () => {
    const schema = fresh();
    const dest = await openPostgresBackend(urlWithSchema(schema));
    await dest.put('stray', Buffer.from('from another store'));
    await expect(migrateSqliteToPostgres(sqliteFile, urlWithSchema(schema))).rejects.toThrow(/already holds coffer records/);
    expect(await dest.count()).toBe(1);
    const result = await migrateSqliteToPostgres(sqliteFile, urlWithSchema(schema), { force: true });
    expect(result.count).toBe(records.size);
    expect(await dest.get('stray')).toBeUndefined();
    expect(await dest.count()).toBe(records.size);
    await dest.close();
  });

  it('refuses a missing source instead of copying an empty store', async () => {
    await expect(migrateSqliteToPostgres(path.join(dir, 'nope.db'), urlWithSchema(fresh()))).rejects.toThrow(/no SQLite database at/);
    expect(fs.existsSync(path.join(dir, 'nope.db'))).toBe(false);
  });

  it('coffer operator migrate copies a data directory and reports the verification', async () => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} missing: run npm run build first`);
    const schema = fresh();
    const { stdout } = await run(process.execPath, [CLI, 'operator', 'migrate', '--from', dir, '--to', urlWithSchema(schema)]);
    expect(stdout).toContain(`copied ${records.size} records from ${sqliteFile}`);
    expect(stdout).toMatch(new RegExp(`verified: ${records.size} records, sha256 [0-9a-f]{64}`));
    const again = await run(process.execPath, [CLI, 'operator', 'migrate', '--from', sqliteFile, '--to', urlWithSchema(schema)]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(again).toMatchObject({ code: 2 });
    expect((again as { stderr: string }).stderr).toMatch(/already holds coffer records; refusing/);
  });
});

if (!pgAvailable) {
  describe('migrate SQLite to PostgreSQL', () => {
    it.skip(HOW_TO_RUN, () => undefined);
  });
}
