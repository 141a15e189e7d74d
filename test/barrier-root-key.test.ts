import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateRootKey } from '../src/crypto/root-key.js';

let tmp: string;
beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-rootkey-'));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const mode = (p: string): number => fs.statSync(p).mode & 0o777;

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('root key', () => {
  it('is created on first start: directory 0700, root.key 0600 with 32 random bytes', async () => {
    const dir = path.join(tmp, 'nested', 'data');
    const key = await loadOrCreateRootKey(dir, {});
    expect(key.byteLength).toBe(32);
    expect(mode(dir)).toBe(0o700);
    const file = path.join(dir, 'root.key');
    expect(mode(file)).toBe(0o600);
    expect(fs.readFileSync(file).equals(key)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['root.key']);
    expect((await loadOrCreateRootKey(dir, {})).equals(key)).toBe(true);
    expect((await loadOrCreateRootKey(path.join(tmp, 'other'), {})).equals(key)).toBe(false);
  });

  it('concurrent first starts agree on one key', async () => {
    const dir = path.join(tmp, 'race');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateRootKey(dir, {})));
    for (const k of keys) expect(k.equals(keys[0] as Buffer)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(['root.key']);
  });

  it('accepts a base64 root.key written by an operator', async () => {
    const key = randomBytes(32);
    fs.writeFileSync(path.join(tmp, 'root.key'), `${key.toString('base64')}\n`, { mode: 0o600 });
    expect((await loadOrCreateRootKey(tmp, {})).equals(key)).toBe(true);
  });

  it('refuses a damaged root.key without revealing it', async () => {
    fs.writeFileSync(path.join(tmp, 'root.key'), Buffer.from('c2hvcnQ=', 'utf8'), { mode: 0o600 });
    const err = await failure(loadOrCreateRootKey(tmp, {}));
    expect(err.message).toMatch(/root\.key must hold the base64 encoding of exactly 32 bytes, but holds 5 bytes/);
    expect(err.message).not.toContain('c2hvcnQ=');
  });

  it('comes from COFFER_ROOT_KEY when set, and then no file is written', async () => {
    const key = randomBytes(32);
    const dir = path.join(tmp, 'env');
    const got = await loadOrCreateRootKey(dir, { COFFER_ROOT_KEY: key.toString('base64') });
    expect(got.equals(key)).toBe(true);
    expect(fs.existsSync(path.join(dir, 'root.key'))).toBe(false);
    expect((await loadOrCreateRootKey(dir, { COFFER_ROOT_KEY: ` ${key.toString('base64')}\n` })).equals(key)).toBe(true);
  });

  it('refuses a COFFER_ROOT_KEY of the wrong length or not base64, without echoing it', async () => {
    const short = randomBytes(16).toString('base64');
    const e1 = await failure(loadOrCreateRootKey(tmp, { COFFER_ROOT_KEY: short }));
    expect(e1.message).toBe('COFFER_ROOT_KEY must hold the base64 encoding of exactly 32 bytes, but holds 16 bytes');
    const long = randomBytes(33).toString('base64');
    await expect(loadOrCreateRootKey(tmp, { COFFER_ROOT_KEY: long })).rejects.toThrow(/exactly 32 bytes, but holds 33 bytes/);
    const hex = randomBytes(32).toString('hex');
    const e2 = await failure(loadOrCreateRootKey(tmp, { COFFER_ROOT_KEY: hex }));
    expect(e2.message).toMatch(/COFFER_ROOT_KEY must hold the base64 encoding of exactly 32 bytes/);
    expect(e2.message).not.toContain(hex);
    await expect(loadOrCreateRootKey(tmp, { COFFER_ROOT_KEY: 'not base64!' })).rejects.toThrow(/not base64/);
    expect(fs.existsSync(path.join(tmp, 'root.key'))).toBe(false);
  });
});
