import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openBarrier, rotateKeyring, RootKeyMismatchError } from '../src/crypto/barrier.js';
import { BarrierStore } from '../src/crypto/secure-store-impl.js';
import { openSqliteBackend } from '../src/storage/sqlite.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-barrier-sqlite-'));
  file = path.join(dir, 'coffer.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Every file in the directory with a hash of its bytes. */
function dirState(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(dir).sort()) out[f] = createHash('sha256').update(fs.readFileSync(path.join(dir, f))).digest('hex');
  return out;
}

it('a wrong root key is refused and the database files are byte-for-byte unchanged', async () => {
  const rootKey = randomBytes(32);
  const db = await openSqliteBackend(file);
  const store = new BarrierStore(db, await openBarrier(db, rootKey));
  await store.putJson('secrets/x', { v: 1 });
  await db.close();
  const before = dirState();
  expect(Object.keys(before)).toEqual(['coffer.db']);

  const wrong = randomBytes(32);
  const again = await openSqliteBackend(file);
  await expect(openBarrier(again, wrong)).rejects.toBeInstanceOf(RootKeyMismatchError);
  await expect(rotateKeyring(again, wrong)).rejects.toBeInstanceOf(RootKeyMismatchError);
  await again.close();
  expect(dirState()).toEqual(before);

  const right = await openSqliteBackend(file);
  const reopened = new BarrierStore(right, await openBarrier(right, rootKey));
  expect(await reopened.getJson('secrets/x')).toEqual({ v: 1 });
  await right.close();
});

it('the operator rotation reaches a running node when it meets a record of the new term', async () => {
  const rootKey = randomBytes(32);
  const server = await openSqliteBackend(file);
  const serverBarrier = await openBarrier(server, rootKey);
  const serverStore = new BarrierStore(server, serverBarrier);
  await serverStore.putJson('a', 'before');

  // The operator command runs in another process with its own connection.
  const operator = await openSqliteBackend(file);
  expect(await rotateKeyring(operator, rootKey)).toBe(2);
  const operatorStore = new BarrierStore(operator, await openBarrier(operator, rootKey));
  await operatorStore.putJson('b', 'after');
  await operator.close();

  expect(await serverStore.getJson('a')).toBe('before');
  expect(await serverStore.getJson('b')).toBe('after');
  expect(serverBarrier.currentTerm).toBe(2);
  await server.close();
});
