import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openBarrier } from '../src/crypto/barrier.js';
import { BarrierStore } from '../src/crypto/secure-store-impl.js';
import { openSqliteBackend, type SqliteBackend } from '../src/storage/sqlite.js';

const MARKER = 'COFFER-MARKER-7f3a9c2e-plaintext-must-never-reach-disk';

/** The forms a leaked marker could take on disk: raw, hex, base64 at each alignment, UTF-16. */
function leakForms(marker: string): Buffer[] {
  const bytes = Buffer.from(marker, 'utf8');
  const forms = [bytes, Buffer.from(marker, 'utf16le')];
  forms.push(Buffer.from(bytes.toString('hex')), Buffer.from(bytes.toString('hex').toUpperCase()));
  for (let shift = 0; shift < 3; shift++) {
    const b64 = Buffer.concat([Buffer.alloc(shift, 0x41), bytes]).toString('base64');
    // Drop the 4-character groups that mix in the neighbouring bytes.
    forms.push(Buffer.from(b64.slice(4, -4)));
  }
  return forms;
}

let dir: string;
let backend: SqliteBackend;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-scan-'));
  backend = await openSqliteBackend(path.join(dir, 'coffer.db'));
});
afterEach(async () => {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('no plaintext marker reaches the database, its WAL or its shared memory file', async () => {
  const rootKey = randomBytes(32);
  const store = new BarrierStore(backend, await openBarrier(backend, rootKey));
  for (let i = 0; i < 40; i++) {
    await store.put(`secrets/${i}`, Buffer.from(`${'x'.repeat(i)}${MARKER}${i}`));
  }
  await store.putJson('secrets/json', { value: MARKER, nested: [MARKER] });
  await store.transaction(async (tx) => {
    await tx.putJson('secrets/in-tx', { SecretString: MARKER });
    await tx.put('secrets/big', Buffer.from(MARKER.repeat(20_000)));
  });
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.put(`secrets/group/${i}`, Buffer.from(MARKER))));
  expect((await store.get('secrets/3'))?.toString()).toBe(`xxx${MARKER}3`);

  const files = ['coffer.db', 'coffer.db-wal', 'coffer.db-shm'].map((f) => path.join(dir, f));
  for (const f of files) expect(fs.existsSync(f), f).toBe(true);
  const wal = fs.readFileSync(files[1] as string);
  const all = Buffer.concat(files.map((f) => fs.readFileSync(f)));

  // The scan means something only if the records really are in these files.
  const sealed = Buffer.from((await backend.get('secrets/json')) as Uint8Array);
  expect(wal.includes(sealed)).toBe(true);
  expect(wal.includes(Buffer.from('secrets/json'))).toBe(true);

  for (const form of leakForms(MARKER)) {
    expect(all.includes(form), `found ${form.toString('latin1').slice(0, 40)}`).toBe(false);
  }
  expect(all.includes(rootKey)).toBe(false);
  expect(all.includes(Buffer.from(rootKey.toString('base64')))).toBe(false);
});
