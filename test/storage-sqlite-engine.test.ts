import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageWriter } from '../src/storage/backend.js';
import { APPLICATION_ID, SCHEMA_VERSION } from '../src/storage/sqlite-schema.js';
import { openSqliteBackend } from '../src/storage/sqlite.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-sqlite-engine-'));
  file = path.join(dir, 'coffer.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const text = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString());

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('sqlite group commit', () => {
  it('commits concurrent writes and transactions together, in one SQLite transaction', async () => {
    const db = await openSqliteBackend(file);
    const before = db.stats.commits;
    await Promise.all([
      ...Array.from({ length: 200 }, (_, i) => db.put(`g/${i}`, Buffer.from(String(i)))),
      ...Array.from({ length: 50 }, () =>
        db.transaction(async (tx) => {
          const n = Number(text(await tx.get('g/count')) ?? '0');
          await tx.put('g/count', Buffer.from(String(n + 1)));
        }),
      ),
    ]);
    expect(db.stats.commits - before).toBe(1);
    expect(text(await db.get('g/count'))).toBe('50');
    expect((await db.list('g/')).entries).toHaveLength(201);
    await db.close();
  });

  it('a write from the next turn of the event loop joins the group of one from this turn', async () => {
    const db = await openSqliteBackend(file);
    const before = db.stats.commits;
    const first = db.put('n/1', Buffer.from('1'));
    // As a request read in the next poll phase would: after this turn's immediates have run.
    await new Promise((resolve) => setImmediate(resolve));
    const second = db.transaction(async (tx) => tx.put('n/2', Buffer.from('2')));
    await Promise.all([first, second]);
    expect(db.stats.commits - before).toBe(1);
    expect((await db.list('n/')).entries.map((e) => e.key)).toEqual(['n/1', 'n/2']);
    await db.close();
  });

  it('a failing transaction leaves the rest of its group intact', async () => {
    const db = await openSqliteBackend(file);
    const before = db.stats.commits;
    const results = await Promise.allSettled([
      db.put('f/1', Buffer.from('1')),
      db.transaction(async (tx) => {
        await tx.put('f/2', Buffer.from('2'));
        await tx.delete('f/1');
        throw new Error('rolled back');
      }),
      db.transaction(async (tx) => {
        await tx.put('f/3', Buffer.from(`saw ${text(await tx.get('f/1'))} and ${text(await tx.get('f/2'))}`));
      }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(db.stats.commits - before).toBe(1);
    expect((await db.list('f/')).entries.map((e) => e.key)).toEqual(['f/1', 'f/3']);
    expect(text(await db.get('f/3'))).toBe('saw 1 and undefined');
    await db.close();
  });

  it('refuses a transaction object used after its transaction ended', async () => {
    const db = await openSqliteBackend(file);
    let leaked: StorageWriter | undefined;
    await db.transaction(async (tx) => {
      leaked = tx;
    });
    await expect((leaked as StorageWriter).put('late', Buffer.from('x'))).rejects.toThrow(/already finished/);
    expect(await db.get('late')).toBeUndefined();
    await db.close();
  });

  it('a crash in the middle of a group leaves none of the group on disk', async () => {
    const db = await openSqliteBackend(file);
    await db.put('before', Buffer.from('committed'));
    const walBefore = fs.statSync(`${file}-wal`).size;
    const paused = deferred();
    const release = deferred();
    // better-sqlite3 builds SQLite with a 16 MB page cache; go well past it.
    const big = Buffer.alloc(24 * 1024 * 1024, 7);
    const group = Promise.all([
      db.transaction(async (tx) => {
        await tx.put('group/big', big);
      }),
      db.put('group/plain', Buffer.from('x')),
      db.transaction(async (tx) => {
        for (let i = 0; i < 100; i++) await tx.put(`group/many/${i}`, Buffer.alloc(10_000, i));
        paused.resolve();
        await release.promise;
      }),
    ]);
    await paused.promise;
    // The group outgrew SQLite's page cache, so uncommitted pages have spilled into the WAL.
    expect(fs.statSync(`${file}-wal`).size - walBefore).toBeGreaterThan(4 * 1024 * 1024);
    // What a power cut at this instant would leave behind.
    const crashDir = path.join(dir, 'crash');
    fs.mkdirSync(crashDir);
    for (const suffix of ['', '-wal', '-shm']) fs.copyFileSync(`${file}${suffix}`, path.join(crashDir, `coffer.db${suffix}`));
    release.resolve();
    await group;
    expect((await db.list('group/')).entries).toHaveLength(102);
    await db.close();

    const recovered = await openSqliteBackend(path.join(crashDir, 'coffer.db'));
    expect(text(await recovered.get('before'))).toBe('committed');
    expect((await recovered.list('group/')).entries).toEqual([]);
    await recovered.close();
  });
});

describe('sqlite file', () => {
  it('persists across reopen, in WAL mode, with a versioned schema', async () => {
    const db = await openSqliteBackend(file);
    await db.put('k', Buffer.from('v'));
    await db.close();
    const again = await openSqliteBackend(file);
    expect(text(await again.get('k'))).toBe('v');
    await again.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    raw.close();
  });

  it('creates its directory 0700 and its files 0600', async () => {
    const nested = path.join(dir, 'a', 'b', 'coffer.db');
    const db = await openSqliteBackend(nested);
    await db.put('k', Buffer.from('v'));
    expect(fs.statSync(path.dirname(nested)).mode & 0o777).toBe(0o700);
    for (const f of [nested, `${nested}-wal`, `${nested}-shm`]) expect(fs.statSync(f).mode & 0o777, f).toBe(0o600);
    await db.close();
  });

  it('refuses a database from a newer release', async () => {
    await (await openSqliteBackend(file)).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    await expect(openSqliteBackend(file)).rejects.toThrow(/schema version 2; this coffer understands up to 1/);
  });

  it('refuses to write into a SQLite database that is not coffer\'s', async () => {
    const raw = new Database(file);
    raw.exec('CREATE TABLE theirs (x)');
    raw.close();
    const before = fs.readFileSync(file);
    await expect(openSqliteBackend(file)).rejects.toThrow(/is not a coffer database/);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });
});
