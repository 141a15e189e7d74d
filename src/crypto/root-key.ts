import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export const ROOT_KEY_FILE = 'root.key';
export const ROOT_KEY_ENV = 'COFFER_ROOT_KEY';
const ROOT_KEY_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * The key that seals the keyring. From COFFER_ROOT_KEY (base64 of 32 bytes) when
 * set; otherwise DIR/root.key, created on first start (DIR 0700, file 0600). Error
 * messages say what is wrong with a key, never what it is.
 */
export async function loadOrCreateRootKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[ROOT_KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') return decode(fromEnv, ROOT_KEY_ENV);
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, ROOT_KEY_FILE);
  const existing = await readKeyFile(file);
  return existing ?? createKeyFile(file);
}

function decode(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = BASE64.test(trimmed) && trimmed.length % 4 === 0 ? Buffer.from(trimmed, 'base64') : undefined;
  if (!key || key.byteLength !== ROOT_KEY_BYTES) {
    const got = key ? `${key.byteLength} bytes` : 'text that is not base64';
    throw new Error(`${source} must hold the base64 encoding of exactly ${ROOT_KEY_BYTES} bytes, but holds ${got}`);
  }
  return key;
}

/** A key file holds the 32 raw bytes; a base64 line (as an operator might paste) is accepted too. */
async function readKeyFile(file: string): Promise<Buffer | undefined> {
  let data: Buffer;
  try {
    data = await fs.readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  if (data.byteLength === ROOT_KEY_BYTES) return data;
  try {
    return decode(data.toString('latin1'), file);
  } finally {
    data.fill(0);
  }
}

/**
 * Writes the key to a private temporary file, then links it into place: link
 * fails if another process got there first, and nobody ever reads a half-written key.
 */
async function createKeyFile(file: string): Promise<Buffer> {
  const key = randomBytes(ROOT_KEY_BYTES);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(key);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    key.fill(0);
    const winner = await readKeyFile(file);
    if (!winner) throw err;
    return winner;
  } finally {
    await fs.unlink(tmp);
  }
  await syncDir(path.dirname(file));
  return key;
}

async function syncDir(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
