import { createSecretKey, type KeyObject } from 'node:crypto';
import { encodeHeader } from './ciphertext.js';
import type { KeyMaterial, KeyRecord } from './key.js';

interface Prepared {
  /** The secret this was made from: a record edited in place is noticed. */
  secret: string;
  key: KeyObject;
  header?: Buffer;
}

/**
 * Symmetric material as a KeyObject, and the blob header of its ciphertexts, made once per
 * material object. Key records come from the repository's cache and are replaced, not edited,
 * when a key changes, so nothing here outlives the record it came from.
 */
const prepared = new WeakMap<KeyMaterial, Prepared>();

function prepare(m: KeyMaterial & { secret: string }): Prepared {
  const hit = prepared.get(m);
  if (hit && hit.secret === m.secret) return hit;
  const p: Prepared = { secret: m.secret, key: createSecretKey(Buffer.from(m.secret, 'base64')) };
  prepared.set(m, p);
  return p;
}

export function symmetricKeyOf(m: KeyMaterial & { secret: string }): KeyObject {
  return prepare(m).key;
}

/** encodeHeader for ciphertexts under this key and material. */
export function blobHeaderOf(k: KeyRecord, m: KeyMaterial & { secret: string }): Buffer {
  const p = prepare(m);
  p.header ??= encodeHeader({ account: k.account, keyId: k.keyId, materialId: m.id });
  return p.header;
}
