import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { aeadKey, seal } from '../src/crypto/aead.js';
import { Barrier, openBarrier, rotateKeyring, RootKeyMismatchError, SealedRecordError } from '../src/crypto/barrier.js';
import { KEYRING_PATH } from '../src/crypto/keyring.js';
import { BarrierStore } from '../src/crypto/secure-store-impl.js';
import { InvalidationBus } from '../src/server/invalidation.js';
import { MemoryBackend } from '../src/storage/memory.js';
import type { StorageBackend } from '../src/storage/backend.js';

async function setup(): Promise<{ backend: MemoryBackend; rootKey: Buffer; barrier: Barrier; store: BarrierStore }> {
  const backend = new MemoryBackend();
  const rootKey = randomBytes(32);
  const barrier = await openBarrier(backend, rootKey);
  return { backend, rootKey, barrier, store: new BarrierStore(backend, barrier) };
}

async function snapshot(backend: StorageBackend): Promise<[string, string][]> {
  return (await backend.list('')).entries.map((e) => [e.key, Buffer.from(e.value).toString('hex')]);
}

const raw = async (backend: StorageBackend, key: string): Promise<Buffer> => Buffer.from((await backend.get(key)) as Uint8Array);

describe('barrier', () => {
  it('round-trips values of every size through the store', async () => {
    const { store } = await setup();
    for (const size of [0, 1, 15, 16, 17, 4096, 1024 * 1024]) {
      const value = randomBytes(size);
      await store.put(`v/${size}`, value);
      expect((await store.get(`v/${size}`))?.equals(value)).toBe(true);
    }
    expect(await store.get('v/missing')).toBeUndefined();
    await store.putJson('j/one', { a: 1, s: 'ü\u{1f600}', n: null, list: [1, 'x'] });
    expect(await store.getJson('j/one')).toEqual({ a: 1, s: 'ü\u{1f600}', n: null, list: [1, 'x'] });
    await expect(store.putJson('j/bad', undefined)).rejects.toThrow(TypeError);
    await store.delete('j/one');
    expect(await store.getJson('j/one')).toBeUndefined();
  });

  it('stores [format][term][iv][ciphertext][tag] and no plaintext', async () => {
    const { backend, store } = await setup();
    const value = Buffer.from('plaintext that must not be stored as is');
    await store.put('layout/x', value);
    const sealed = await raw(backend, 'layout/x');
    expect(sealed.byteLength).toBe(1 + 4 + 12 + value.byteLength + 16);
    expect(sealed[0]).toBe(1);
    expect(sealed.readUInt32BE(1)).toBe(1);
    expect(sealed.includes(value)).toBe(false);
    // A fresh IV each time: the same plaintext never seals to the same bytes.
    await store.put('layout/x', value);
    expect((await raw(backend, 'layout/x')).equals(sealed)).toBe(false);
  });

  it('lists, pages and lists all, opening every entry', async () => {
    const { store } = await setup();
    for (let i = 0; i < 1203; i++) await store.put(`many/${String(i).padStart(4, '0')}`, Buffer.from(String(i)));
    const page = await store.list('many/', { limit: 2, after: 'many/0010' });
    expect(page.entries.map((e) => [e.key, e.value.toString()])).toEqual([['many/0011', '11'], ['many/0012', '12']]);
    expect(page.next).toBe('many/0012');
    const all = await store.listAll('many/');
    expect(all).toHaveLength(1203);
    expect(all[1202]?.value.toString()).toBe('1202');
  });

  it('keeps the keyring out of reach of the store', async () => {
    const { store } = await setup();
    await store.putJson('core/other', { x: 1 });
    await expect(store.put(KEYRING_PATH, Buffer.from('x'))).rejects.toThrow(/reserved/);
    await expect(store.delete(KEYRING_PATH)).rejects.toThrow(/reserved/);
    await expect(store.get(KEYRING_PATH)).rejects.toThrow(/reserved/);
    expect((await store.listAll('')).map((e) => e.key)).toEqual(['core/other']);
    expect((await store.list('core/')).entries.map((e) => e.key)).toEqual(['core/other']);
    await expect(store.transaction((tx) => tx.put(KEYRING_PATH, Buffer.from('x')))).rejects.toThrow(/reserved/);
  });

  it('seals inside transactions, and rolls back on throw', async () => {
    const { store } = await setup();
    await store.putJson('tx/n', 0);
    await Promise.all(
      Array.from({ length: 20 }, () =>
        store.transaction(async (tx) => {
          await tx.putJson('tx/n', ((await tx.getJson<number>('tx/n')) ?? 0) + 1);
        }),
      ),
    );
    expect(await store.getJson('tx/n')).toBe(20);
    await expect(
      store.transaction(async (tx) => {
        await tx.putJson('tx/n', 99);
        expect(await tx.getJson('tx/n')).toBe(99);
        expect((await tx.listAll('tx/')).map((e) => e.value.toString())).toEqual(['99']);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await store.getJson('tx/n')).toBe(20);
  });

  it('refuses a record moved to another path', async () => {
    const { backend, store } = await setup();
    await store.put('secrets/a', Buffer.from('for a only'));
    await backend.put('secrets/b', await raw(backend, 'secrets/a'));
    await expect(store.get('secrets/b')).rejects.toThrow(SealedRecordError);
    await expect(store.list('secrets/')).rejects.toThrow(SealedRecordError);
    expect((await store.get('secrets/a'))?.toString()).toBe('for a only');
  });

  it('refuses a record with any single bit flipped, or cut short', async () => {
    const { backend, barrier } = await setup();
    const sealed = barrier.seal('bits/x', Buffer.from('sixteen bytes!!!'));
    expect((await barrier.open('bits/x', sealed)).toString()).toBe('sixteen bytes!!!');
    for (let i = 0; i < sealed.byteLength; i++) {
      for (let bit = 0; bit < 8; bit++) {
        const bad = Buffer.from(sealed);
        bad[i] = (bad[i] as number) ^ (1 << bit);
        await expect(barrier.open('bits/x', bad), `byte ${i} bit ${bit}`).rejects.toThrow(SealedRecordError);
      }
    }
    for (const len of [0, 1, 5, 32, sealed.byteLength - 1]) {
      await expect(barrier.open('bits/x', sealed.subarray(0, len))).rejects.toThrow(SealedRecordError);
    }
    // Opening a corrupt record is not a reason to touch storage.
    expect((await backend.list('')).entries.map((e) => e.key)).toEqual([KEYRING_PATH]);
  });

  it('error messages carry no plaintext', async () => {
    const { backend, store } = await setup();
    await store.put('m/a', Buffer.from('TOP-SECRET-VALUE'));
    await backend.put('m/b', await raw(backend, 'm/a'));
    const err = await store.get('m/b').catch((e: unknown) => e as Error);
    expect(String((err as Error).message)).not.toMatch(/TOP-SECRET/);
  });
});

describe('keyring', () => {
  it('rotation keeps old records readable and seals new ones under the new term', async () => {
    const { backend, barrier, store, rootKey } = await setup();
    await store.put('r/old', Buffer.from('old'));
    expect(await barrier.rotate()).toBe(2);
    expect(barrier.currentTerm).toBe(2);
    await store.put('r/new', Buffer.from('new'));
    expect((await raw(backend, 'r/old')).readUInt32BE(1)).toBe(1);
    expect((await raw(backend, 'r/new')).readUInt32BE(1)).toBe(2);
    expect((await store.get('r/old'))?.toString()).toBe('old');
    expect((await store.get('r/new'))?.toString()).toBe('new');

    expect(await rotateKeyring(backend, rootKey)).toBe(3);
    const reopened = new BarrierStore(backend, await openBarrier(backend, rootKey));
    expect((await reopened.get('r/old'))?.toString()).toBe('old');
    expect((await reopened.get('r/new'))?.toString()).toBe('new');
  });

  it('a node meeting a record of a newer term reloads the keyring once', async () => {
    const { backend, rootKey, store: storeA, barrier: a } = await setup();
    const b = await openBarrier(backend, rootKey);
    const storeB = new BarrierStore(backend, b);
    await a.rotate();
    await storeA.put('n/x', Buffer.from('written by A under term 2'));
    expect(b.currentTerm).toBe(1);
    const get = vi.spyOn(backend, 'get');
    expect((await storeB.get('n/x'))?.toString()).toBe('written by A under term 2');
    expect(b.currentTerm).toBe(2);
    expect(get.mock.calls.map((c) => c[0])).toEqual(['n/x', KEYRING_PATH]);
    get.mockClear();
    expect((await storeB.get('n/x'))?.toString()).toBe('written by A under term 2');
    expect(get.mock.calls.map((c) => c[0])).toEqual(['n/x']);
  });

  it('a record of a term no keyring has fails after one reload (and a lower one without any)', async () => {
    const { backend, barrier, store } = await setup();
    await store.put('u/x', Buffer.from('x'));
    const future = await raw(backend, 'u/x');
    future.writeUInt32BE(7, 1);
    const get = vi.spyOn(backend, 'get');
    await expect(barrier.open('u/x', future)).rejects.toThrow(/term 7 is unknown/);
    expect(get.mock.calls.map((c) => c[0])).toEqual([KEYRING_PATH]);
    get.mockClear();
    await barrier.rotate();
    await barrier.rotate();
    const missing = Buffer.from(future);
    missing.writeUInt32BE(0, 1);
    await expect(barrier.open('u/x', missing)).rejects.toThrow(/term 0 is unknown/);
    expect(get).not.toHaveBeenCalled();
  });

  it('rotation is announced on the invalidation bus and other nodes follow', async () => {
    const backend = new MemoryBackend();
    const rootKey = randomBytes(32);
    const bus = new InvalidationBus();
    const seen: string[] = [];
    bus.subscribe((topic, key) => seen.push(`${topic}:${key}`));
    const a = await openBarrier(backend, rootKey, bus);
    const b = await openBarrier(backend, rootKey, bus);
    await a.rotate();
    expect(seen).toEqual(['keyring:rotated']);
    await vi.waitFor(() => expect(b.currentTerm).toBe(2));
    expect(await rotateKeyring(backend, rootKey, bus)).toBe(3);
    expect(seen).toEqual(['keyring:rotated', 'keyring:rotated']);
    await vi.waitFor(() => expect(a.currentTerm).toBe(3));
    await vi.waitFor(() => expect(b.currentTerm).toBe(3));
    b.dispose();
    await rotateKeyring(backend, rootKey, bus);
    await vi.waitFor(() => expect(a.currentTerm).toBe(4));
    expect(b.currentTerm).toBe(3);
  });

  it('two nodes opening an empty store together end up with one keyring', async () => {
    const backend = new MemoryBackend();
    const rootKey = randomBytes(32);
    const [a, b] = await Promise.all([openBarrier(backend, rootKey), openBarrier(backend, rootKey)]);
    expect(await b.open('p', a.seal('p', Buffer.from('shared')))).toEqual(Buffer.from('shared'));
  });

  it('a wrong root key is refused with a clear message and writes nothing', async () => {
    const { backend, store } = await setup();
    await store.put('w/x', Buffer.from('x'));
    const before = await snapshot(backend);
    const wrong = randomBytes(32);
    const err = await openBarrier(backend, wrong).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RootKeyMismatchError);
    expect((err as Error).message).toMatch(/^the root key does not open this data directory's keyring: /);
    expect((err as Error).message).not.toContain(wrong.toString('base64'));
    await expect(rotateKeyring(backend, wrong)).rejects.toBeInstanceOf(RootKeyMismatchError);
    expect(await snapshot(backend)).toEqual(before);
  });

  it('refuses records without a keyring rather than starting a new one', async () => {
    const backend = new MemoryBackend();
    await backend.put('secrets/orphan', Buffer.from('sealed under a lost keyring'));
    const before = await snapshot(backend);
    await expect(openBarrier(backend, randomBytes(32))).rejects.toThrow(/no keyring/);
    expect(await snapshot(backend)).toEqual(before);
  });

  it('refuses a root key of the wrong length', async () => {
    await expect(openBarrier(new MemoryBackend(), randomBytes(31))).rejects.toThrow(/32 bytes/);
  });
});

describe('aead', () => {
  it('never repeats an IV, across pool refills', () => {
    const key = aeadKey(randomBytes(32));
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(seal(key, Buffer.alloc(1), Buffer.alloc(0)).subarray(0, 12).toString('hex'));
    expect(seen.size).toBe(10_000);
  });
});
