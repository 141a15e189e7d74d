import { createCipheriv, createDecipheriv, createSecretKey, type KeyObject } from 'node:crypto';
import { fillRandom } from './random-pool.js';

/** AES-256-GCM with a random 96-bit IV and a 128-bit tag. */
export const AEAD_KEY_BYTES = 32;
export const AEAD_IV_BYTES = 12;
export const AEAD_TAG_BYTES = 16;
/** Bytes a sealed value adds to its plaintext, besides any header. */
export const AEAD_OVERHEAD = AEAD_IV_BYTES + AEAD_TAG_BYTES;

/** Thrown when a ciphertext fails authentication: wrong key, wrong AAD, or altered bytes. */
export class AeadOpenError extends Error {
  constructor() {
    super('ciphertext failed authentication');
    this.name = 'AeadOpenError';
  }
}

/** IVs come from the shared CSPRNG pool (random-pool.ts); IVs are public. */
function nextIv(into: Buffer): void {
  fillRandom(into, 0, AEAD_IV_BYTES);
}

/** Imports a 32-byte key once, so each seal/open does not re-import it. */
export function aeadKey(raw: Uint8Array): KeyObject {
  if (raw.byteLength !== AEAD_KEY_BYTES) throw new RangeError(`an AES-256 key is ${AEAD_KEY_BYTES} bytes, got ${raw.byteLength}`);
  return createSecretKey(raw);
}

/**
 * Seals `plaintext` as [header][iv][ciphertext][tag] in one allocation. The header
 * is stored in the clear; authenticate it by making it part of `aad`.
 */
export function seal(key: KeyObject, plaintext: Uint8Array, aad: Uint8Array, header?: Uint8Array): Buffer {
  const h = header?.byteLength ?? 0;
  const out = Buffer.allocUnsafe(h + AEAD_OVERHEAD + plaintext.byteLength);
  if (header) out.set(header, 0);
  const iv = out.subarray(h, h + AEAD_IV_BYTES);
  nextIv(iv);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: AEAD_TAG_BYTES });
  cipher.setAAD(aad);
  let at = h + AEAD_IV_BYTES;
  at += cipher.update(plaintext).copy(out, at);
  at += cipher.final().copy(out, at);
  cipher.getAuthTag().copy(out, at);
  return out;
}

/** Opens [iv][ciphertext][tag] (the part of a sealed value after its header). */
export function open(key: KeyObject, sealed: Uint8Array, aad: Uint8Array): Buffer {
  if (sealed.byteLength < AEAD_OVERHEAD) throw new AeadOpenError();
  const buf = Buffer.isBuffer(sealed) ? sealed : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const tagAt = buf.byteLength - AEAD_TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, AEAD_IV_BYTES), { authTagLength: AEAD_TAG_BYTES });
  decipher.setAuthTag(buf.subarray(tagAt));
  decipher.setAAD(aad);
  const plaintext = decipher.update(buf.subarray(AEAD_IV_BYTES, tagAt));
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    throw new AeadOpenError();
  }
  return plaintext;
}
