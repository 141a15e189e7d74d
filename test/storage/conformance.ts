import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ListOptions, StorageBackend, StorageReader } from '../../src/storage/backend.js';

export interface OpenedBackend {
  backend: StorageBackend;
  cleanup(): Promise<void>;
}

const bytes = (s: string): Buffer => Buffer.from(s, 'utf8');
const text = (v: Uint8Array | undefined): string | undefined => (v === undefined ? undefined : Buffer.from(v).toString('utf8'));

async function keys(r: StorageReader, prefix: string, options?: ListOptions): Promise<string[]> {
  return (await r.list(prefix, options)).entries.map((e) => e.key);
}

/** Follows `next` cursors to the end, checking each page honours the limit. */
async function pagedKeys(r: StorageReader, prefix: string, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let after: string | undefined;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await r.list(prefix, { after, limit });
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    pages.push(page.entries.map((e) => e.key));
    if (page.next === undefined) return pages;
    expect(page.next).toBe(page.entries[page.entries.length - 1]?.key);
    after = page.next;
  }
  throw new Error('paging did not terminate');
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * The behaviour every StorageBackend must have. A backend's test file calls this
 * with a function that opens a fresh, empty backend.
 */
export function storageConformance(name: string, open: () => Promise<OpenedBackend>): void {
  describe(`storage conformance: ${name}`, () => {
    let opened: OpenedBackend;
    let db: StorageBackend;

    beforeEach(async () => {
      opened = await open();
      db = opened.backend;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    describe('get, put, delete', () => {
      it('returns undefined for a missing key', async () => {
        expect(await db.get('nope')).toBeUndefined();
      });

      it('stores, overwrites and deletes', async () => {
        await db.put('a/b', bytes('one'));
        expect(text(await db.get('a/b'))).toBe('one');
        await db.put('a/b', bytes('two'));
        expect(text(await db.get('a/b'))).toBe('two');
        expect(await keys(db, 'a/')).toEqual(['a/b']);
        await db.delete('a/b');
        expect(await db.get('a/b')).toBeUndefined();
        expect(await keys(db, '')).toEqual([]);
      });

      it('deleting a missing key is not an error', async () => {
        await db.delete('never/there');
        expect(await db.get('never/there')).toBeUndefined();
      });

      it('keeps every byte value, and the empty value', async () => {
        const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        await db.put('bin/all', all);
        await db.put('bin/empty', new Uint8Array(0));
        await db.put('bin/zeros', Buffer.alloc(64));
        const got = await db.get('bin/all');
        expect(got).toBeInstanceOf(Uint8Array);
        expect(Buffer.from(got as Uint8Array).equals(all)).toBe(true);
        const empty = await db.get('bin/empty');
        expect(empty).toBeInstanceOf(Uint8Array);
        expect(empty?.byteLength).toBe(0);
        expect(Buffer.from((await db.get('bin/zeros')) as Uint8Array).equals(Buffer.alloc(64))).toBe(true);
        const listed = (await db.list('bin/')).entries;
        expect(listed.map((e) => e.key)).toEqual(['bin/all', 'bin/empty', 'bin/zeros']);
        expect(Buffer.from(listed[0]!.value).equals(all)).toBe(true);
        expect(listed[1]!.value.byteLength).toBe(0);
      });

      it('accepts a Uint8Array view into a larger buffer', async () => {
        const big = Buffer.from('xxhelloxx');
        await db.put('view', new Uint8Array(big.buffer, big.byteOffset + 2, 5));
        expect(text(await db.get('view'))).toBe('hello');
      });

      it('stores a copy: changing the caller\'s buffer afterwards changes nothing', async () => {
        const value = Buffer.from('original');
        await db.put('copy', value);
        value.fill(0);
        expect(text(await db.get('copy'))).toBe('original');
        const got = (await db.get('copy')) as Uint8Array;
        got.fill(0);
        expect(text(await db.get('copy'))).toBe('original');
      });

      it('keeps large values (1 MiB)', async () => {
        const big = randomBytes(1024 * 1024);
        await db.put('big', big);
        expect(Buffer.from((await db.get('big')) as Uint8Array).equals(big)).toBe(true);
        await db.transaction(async (tx) => {
          await tx.put('big2', big);
          expect(Buffer.from((await tx.get('big2')) as Uint8Array).equals(big)).toBe(true);
        });
        expect(Buffer.from((await db.get('big2')) as Uint8Array).equals(big)).toBe(true);
      });

      it('keys are exact: no normalisation, case folding or trimming', async () => {
        await db.put('K', bytes('upper'));
        await db.put('k', bytes('lower'));
        await db.put('k ', bytes('space'));
        await db.put('\u00e9', bytes('nfc'));
        await db.put('e\u0301', bytes('nfd'));
        expect(text(await db.get('K'))).toBe('upper');
        expect(text(await db.get('k'))).toBe('lower');
        expect(text(await db.get('k '))).toBe('space');
        expect(text(await db.get('\u00e9'))).toBe('nfc');
        expect(text(await db.get('e\u0301'))).toBe('nfd');
      });
    });

    describe('list', () => {
      it('returns keys in UTF-8 byte order', async () => {
        // Deliberately written out of order; astral code points sort after U+FFFF in
        // UTF-8 (but before it in UTF-16), '/' (0x2f) sorts after '.' and before '0'.
        const expected = ['o/', 'o/.', 'o//', 'o/0', 'o/A', 'o/Z', 'o/a', 'o/a/b', 'o/ab', 'o/z', 'o/\u00e9', 'o/\u4e2d', 'o/\uffee', 'o/\u{1f600}', 'o/\u{10ffff}'];
        for (const k of [...expected].reverse()) await db.put(k, bytes(k));
        await db.put('o', bytes('outside'));
        await db.put('p/', bytes('outside'));
        const page = await db.list('o/');
        expect(page.entries.map((e) => e.key)).toEqual(expected);
        expect(page.next).toBeUndefined();
        for (const e of page.entries) expect(text(e.value)).toBe(e.key);
      });

      it('matches prefixes exactly, with no wildcards', async () => {
        const all = ['a%b/1', 'a%bc', 'a_b/1', 'axb/1', 'aXb/1', 'a\\b/1', 'a[b]/1', 'a*b/1', 'a.b/1', 'a%', 'ab', 'ü/1', 'u/1', 'ü', '中/文', '\u{1f600}/x', '\u{1f600}', '\u{1f601}/x', '\uffff/x', '\u{10ffff}/x', '\u{10ffff}\u{10ffff}'];
        for (const k of all) await db.put(k, bytes(k));
        expect(await keys(db, 'a%b/')).toEqual(['a%b/1']);
        expect(await keys(db, 'a%')).toEqual(['a%', 'a%b/1', 'a%bc']);
        expect(await keys(db, 'a_')).toEqual(['a_b/1']);
        expect(await keys(db, 'a\\')).toEqual(['a\\b/1']);
        expect(await keys(db, 'a[')).toEqual(['a[b]/1']);
        expect(await keys(db, 'a*')).toEqual(['a*b/1']);
        expect(await keys(db, 'a.')).toEqual(['a.b/1']);
        expect(await keys(db, 'ü')).toEqual(['ü', 'ü/1']);
        expect(await keys(db, 'u')).toEqual(['u/1']);
        expect(await keys(db, '中')).toEqual(['中/文']);
        expect(await keys(db, '\u{1f600}')).toEqual(['\u{1f600}', '\u{1f600}/x']);
        expect(await keys(db, '\uffff')).toEqual(['\uffff/x']);
        expect(await keys(db, '\u{10ffff}')).toEqual(['\u{10ffff}/x', '\u{10ffff}\u{10ffff}']);
        expect(await keys(db, '\u{10ffff}\u{10ffff}')).toEqual(['\u{10ffff}\u{10ffff}']);
        expect(await keys(db, 'zzz')).toEqual([]);
        expect((await keys(db, '')).length).toBe(all.length);
      });

      it('pages with after, limit and next', async () => {
        const all = Array.from({ length: 25 }, (_, i) => `p/${String(i).padStart(2, '0')}`);
        for (const k of [...all].reverse()) await db.put(k, bytes(k));
        await db.put('q/00', bytes('outside'));
        await db.put('o/99', bytes('outside'));

        const pages = await pagedKeys(db, 'p/', 10);
        expect(pages.map((p) => p.length)).toEqual([10, 10, 5]);
        expect(pages.flat()).toEqual(all);

        // A limit that ends exactly at the last entry has no next.
        const exact = await db.list('p/', { limit: 25 });
        expect(exact.entries.length).toBe(25);
        expect(exact.next).toBeUndefined();
        const one = await db.list('p/', { limit: 24 });
        expect(one.next).toBe('p/23');
        expect(await pagedKeys(db, 'p/', 1)).toHaveLength(25);

        expect(await keys(db, 'p/', { after: 'p/21' })).toEqual(['p/22', 'p/23', 'p/24']);
        // A cursor need not be an existing key.
        expect(await keys(db, 'p/', { after: 'p/215', limit: 2 })).toEqual(['p/22', 'p/23']);
        // Cursors below the prefix start at the beginning; above it, nothing is left.
        expect(await keys(db, 'p/', { after: 'a', limit: 2 })).toEqual(['p/00', 'p/01']);
        expect(await keys(db, 'p/', { after: 'p/' , limit: 1 })).toEqual(['p/00']);
        expect(await keys(db, 'p/', { after: 'p/24' })).toEqual([]);
        expect(await keys(db, 'p/', { after: 'q' })).toEqual([]);
        const last = await db.list('p/', { after: 'p/24', limit: 5 });
        expect(last).toEqual({ entries: [] });
      });

      it('pages with astral characters in keys and cursors', async () => {
        const all = ['u/\uffee', 'u/\u{1f600}', 'u/\u{1f600}a', 'u/\u{1f601}'];
        for (const k of all) await db.put(k, bytes(k));
        expect((await pagedKeys(db, 'u/', 1)).flat()).toEqual(all);
        expect(await keys(db, 'u/', { after: 'u/\uffff' })).toEqual(['u/\u{1f600}', 'u/\u{1f600}a', 'u/\u{1f601}']);
      });
    });

    describe('transactions', () => {
      it('commits all writes when fn resolves, returning its value', async () => {
        await db.put('t/gone', bytes('x'));
        const result = await db.transaction(async (tx) => {
          await tx.put('t/a', bytes('1'));
          await tx.put('t/b', bytes('2'));
          await tx.delete('t/gone');
          return 'done';
        });
        expect(result).toBe('done');
        expect(text(await db.get('t/a'))).toBe('1');
        expect(text(await db.get('t/b'))).toBe('2');
        expect(await db.get('t/gone')).toBeUndefined();
      });

      it('rolls back everything when fn throws, and rethrows the same error', async () => {
        await db.put('r/keep', bytes('old'));
        await db.put('r/del', bytes('still here'));
        const boom = new Error('boom');
        await expect(
          db.transaction(async (tx) => {
            await tx.put('r/keep', bytes('new'));
            await tx.put('r/new', bytes('new'));
            await tx.delete('r/del');
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(text(await db.get('r/keep'))).toBe('old');
        expect(await db.get('r/new')).toBeUndefined();
        expect(text(await db.get('r/del'))).toBe('still here');
        expect(await keys(db, 'r/')).toEqual(['r/del', 'r/keep']);
      });

      it('reads its own writes and deletes, in get and list', async () => {
        for (const k of ['w/1', 'w/3', 'w/5', 'w/7']) await db.put(k, bytes(`old${k}`));
        await db.transaction(async (tx) => {
          await tx.put('w/4', bytes('new4'));
          await tx.put('w/5', bytes('new5'));
          await tx.delete('w/3');
          await tx.put('w/0', bytes('new0'));
          await tx.put('x/9', bytes('outside'));
          expect(text(await tx.get('w/4'))).toBe('new4');
          expect(text(await tx.get('w/5'))).toBe('new5');
          expect(await tx.get('w/3')).toBeUndefined();
          expect(text(await tx.get('w/1'))).toBe('oldw/1');
          const page = await tx.list('w/');
          expect(page.entries.map((e) => [e.key, text(e.value)])).toEqual([
            ['w/0', 'new0'], ['w/1', 'oldw/1'], ['w/4', 'new4'], ['w/5', 'new5'], ['w/7', 'oldw/7'],
          ]);
          expect(await keys(tx, 'w/', { limit: 2 })).toEqual(['w/0', 'w/1']);
          expect(await tx.list('w/', { limit: 2 })).toMatchObject({ next: 'w/1' });
          expect(await keys(tx, 'w/', { after: 'w/1', limit: 2 })).toEqual(['w/4', 'w/5']);
          expect((await tx.list('w/', { after: 'w/1', limit: 3 })).next).toBeUndefined();
          expect((await pagedKeys(tx, 'w/', 1)).flat()).toEqual(['w/0', 'w/1', 'w/4', 'w/5', 'w/7']);
          await tx.delete('w/4');
          await tx.put('w/3', bytes('again'));
          expect(await keys(tx, 'w/')).toEqual(['w/0', 'w/1', 'w/3', 'w/5', 'w/7']);
        });
        expect(await keys(db, 'w/')).toEqual(['w/0', 'w/1', 'w/3', 'w/5', 'w/7']);
        expect(text(await db.get('w/3'))).toBe('again');
      });

      it('hides uncommitted writes from readers outside the transaction', async () => {
        await db.put('i/seen', bytes('before'));
        const written = deferred();
        const release = deferred();
        const tx = db.transaction(async (t) => {
          await t.put('i/new', bytes('uncommitted'));
          await t.put('i/seen', bytes('after'));
          await t.delete('i/gone');
          written.resolve();
          await release.promise;
        });
        await written.promise;
        expect(await db.get('i/new')).toBeUndefined();
        expect(text(await db.get('i/seen'))).toBe('before');
        expect(await keys(db, 'i/')).toEqual(['i/seen']);
        release.resolve();
        await tx;
        expect(text(await db.get('i/new'))).toBe('uncommitted');
        expect(text(await db.get('i/seen'))).toBe('after');
      });

      it('serializes read-modify-write: 50 concurrent increments end at 50', async () => {
        await db.put('counter', bytes('0'));
        await Promise.all(
          Array.from({ length: 50 }, () =>
            db.transaction(async (tx) => {
              const n = Number(text(await tx.get('counter')));
              await Promise.resolve();
              await tx.put('counter', bytes(String(n + 1)));
            }),
          ),
        );
        expect(text(await db.get('counter'))).toBe('50');
      });

      it('does not lose plain writes racing with a transaction', async () => {
        await db.put('race/n', bytes('0'));
        const ops: Promise<unknown>[] = [];
        for (let i = 0; i < 10; i++) {
          ops.push(db.transaction(async (tx) => {
            const n = Number(text(await tx.get('race/n')));
            await tx.put('race/n', bytes(String(n + 1)));
          }));
          ops.push(db.put(`race/plain/${i}`, bytes('x')));
        }
        await Promise.all(ops);
        expect(text(await db.get('race/n'))).toBe('10');
        expect(await keys(db, 'race/plain/')).toHaveLength(10);
      });

      it('a failed transaction does not disturb concurrent ones', async () => {
        const results = await Promise.allSettled([
          db.transaction(async (tx) => { await tx.put('m/1', bytes('1')); }),
          db.transaction(async (tx) => { await tx.put('m/2', bytes('2')); throw new Error('no'); }),
          db.transaction(async (tx) => {
            await tx.put('m/3', bytes(text(await tx.get('m/1')) ?? 'missing'));
          }),
          db.put('m/4', bytes('4')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect(await keys(db, 'm/')).toEqual(['m/1', 'm/3', 'm/4']);
        // Concurrent transactions may commit in either order: both are serial histories.
        expect(['1', 'missing']).toContain(text(await db.get('m/3')));
      });
    });

    describe('close', () => {
      it('finishes pending writes, then refuses work', async () => {
        const pending = db.put('c/last', bytes('x'));
        await db.close();
        await pending;
        await db.close();
        await expect(db.get('c/last')).rejects.toThrow();
        await expect(db.put('c/next', bytes('x'))).rejects.toThrow();
        await expect(db.transaction(async () => undefined)).rejects.toThrow();
      });
    });
  });
}
