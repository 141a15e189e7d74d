import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GroupCommitter } from '../src/storage/sqlite-group-commit.js';
import { configureWriter, migrate } from '../src/storage/sqlite-schema.js';
import { KvStatements } from '../src/storage/sqlite-statements.js';
import { openSqliteBackend } from '../src/storage/sqlite.js';

let dir: string;
let db: Database.Database;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-sqlite-flush-'));
  db = new Database(path.join(dir, 'coffer.db'));
  configureWriter(db, true);
  migrate(db, path.join(dir, 'coffer.db'));
});
afterEach(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A flush the test finishes by hand. */
function manualFlush(): { sync: () => Promise<void>; calls: number; finish(err?: Error): void } {
  const waiting: { resolve(): void; reject(e: Error): void }[] = [];
  const m = {
    calls: 0,
    sync: () =>
      new Promise<void>((resolve, reject) => {
        m.calls++;
        waiting.push({ resolve, reject });
      }),
    finish(err?: Error) {
      const w = waiting.shift()!;
      if (err) w.reject(err);
      else w.resolve();
    },
  };
  return m;
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 20));

describe('group commit with the flush off the event loop', () => {
  it('answers a write only after a flush that began after its commit', async () => {
    const flush = manualFlush();
    const g = new GroupCommitter(db, new KvStatements(db), flush.sync);
    let first = false;
    void g.put('a', Buffer.from('1')).then(() => (first = true));
    await settle();
    expect(flush.calls).toBe(1);
    expect(first).toBe(false);
    // Committed while the first flush is still running: it waits for the next one.
    let second = false;
    void g.put('b', Buffer.from('2')).then(() => (second = true));
    await settle();
    expect(g.stats.commits).toBe(2);
    expect(flush.calls).toBe(1);
    flush.finish();
    await settle();
    expect([first, second]).toEqual([true, false]);
    expect(flush.calls).toBe(2);
    flush.finish();
    await settle();
    expect(second).toBe(true);
    await g.idle();
    expect(g.stats.flushes).toBe(2);
  });

  it('after a failed flush answers nothing as written, now or later', async () => {
    const flush = manualFlush();
    const g = new GroupCommitter(db, new KvStatements(db), flush.sync);
    const first = g.put('a', Buffer.from('1'));
    await settle();
    const queued = g.put('b', Buffer.from('2'));
    await settle();
    flush.finish(new Error('EIO'));
    await expect(first).rejects.toThrow(/flush to disk failed.*EIO/);
    await expect(queued).rejects.toThrow(/flush to disk failed/);
    await expect(g.put('c', Buffer.from('3'))).rejects.toThrow(/flush to disk failed/);
    await expect(g.transaction(async () => 1)).rejects.toThrow(/flush to disk failed/);
    await g.idle();
  });

  it('the SQLite backend flushes through fdatasync and stays readable after reopening', async () => {
    const file = path.join(dir, 'store.db');
    const store = await openSqliteBackend(file);
    await Promise.all(Array.from({ length: 100 }, (_, i) => store.put(`k/${i}`, Buffer.from(String(i)))));
    expect(store.stats.flushes).toBeGreaterThan(0);
    expect(store.stats.flushes).toBeLessThanOrEqual(store.stats.commits);
    expect((new Database(file, { readonly: true }).pragma('synchronous', { simple: true }))).toBeDefined();
    await store.close();
    const again = await openSqliteBackend(file);
    expect((await again.list('k/')).entries).toHaveLength(100);
    await again.close();
  });
});
