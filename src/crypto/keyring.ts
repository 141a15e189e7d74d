import { randomBytes, type KeyObject } from 'node:crypto';
import type { StorageBackend, StorageReader } from '../storage/backend.js';
import { AEAD_KEY_BYTES, AeadOpenError, aeadKey, open, seal } from './aead.js';
import { RootKeyMismatchError } from './errors.js';

/** Where the keyring lives. It is sealed by the root key, not by the barrier. */
export const KEYRING_PATH = 'core/keyring';

const RECORD_FORMAT = 0x01;
const PLAINTEXT_VERSION = 1;
const TERM_BYTES = 4 + 8 + AEAD_KEY_BYTES;
const HEADER = Buffer.from([RECORD_FORMAT]);
const AAD = Buffer.concat([HEADER, Buffer.from(KEYRING_PATH, 'utf8')]);

export interface KeyringTerm {
  readonly term: number;
  readonly key: KeyObject;
  /** Epoch milliseconds. */
  readonly createdAt: number;
}

/**
 * The barrier's data keys, one per term. The newest term seals new records; older
 * terms stay so that records sealed under them still open. Immutable: rotation
 * returns a new keyring, so a reader never sees one half-updated.
 */
export class Keyring {
  private constructor(
    private readonly byTerm: ReadonlyMap<number, KeyringTerm>,
    readonly current: KeyringTerm,
  ) {}

  static create(now = Date.now()): Keyring {
    const first = newTerm(1, now);
    return new Keyring(new Map([[1, first]]), first);
  }

  /** This keyring plus a new current term. */
  rotated(now = Date.now()): Keyring {
    if (this.current.term >= 0xffffffff) throw new Error('keyring has no terms left');
    const next = newTerm(this.current.term + 1, now);
    return new Keyring(new Map([...this.byTerm, [next.term, next]]), next);
  }

  term(term: number): KeyringTerm | undefined {
    return this.byTerm.get(term);
  }

  get terms(): KeyringTerm[] {
    return [...this.byTerm.values()];
  }

  /** [version][count u32] then per term [term u32][createdAt f64][key]; binary so keys never become strings. */
  encode(): Buffer {
    const terms = this.terms;
    const out = Buffer.alloc(5 + terms.length * TERM_BYTES);
    out.writeUInt8(PLAINTEXT_VERSION, 0);
    out.writeUInt32BE(terms.length, 1);
    let at = 5;
    for (const t of terms) {
      out.writeUInt32BE(t.term, at);
      out.writeDoubleBE(t.createdAt, at + 4);
      const raw = t.key.export();
      raw.copy(out, at + 12);
      raw.fill(0);
      at += TERM_BYTES;
    }
    return out;
  }

  static decode(buf: Buffer): Keyring {
    const malformed = (): Error => new Error(`the keyring at ${KEYRING_PATH} is malformed`);
    if (buf.byteLength < 5 || buf.readUInt8(0) !== PLAINTEXT_VERSION) throw malformed();
    const count = buf.readUInt32BE(1);
    if (count === 0 || buf.byteLength !== 5 + count * TERM_BYTES) throw malformed();
    const byTerm = new Map<number, KeyringTerm>();
    let last: KeyringTerm | undefined;
    for (let at = 5; at < buf.byteLength; at += TERM_BYTES) {
      const term = buf.readUInt32BE(at);
      if (term === 0 || (last && term <= last.term)) throw malformed();
      last = { term, createdAt: buf.readDoubleBE(at + 4), key: aeadKey(buf.subarray(at + 12, at + TERM_BYTES)) };
      byTerm.set(term, last);
    }
    return new Keyring(byTerm, last as KeyringTerm);
  }
}

function newTerm(term: number, createdAt: number): KeyringTerm {
  const raw = randomBytes(AEAD_KEY_BYTES);
  const key = aeadKey(raw);
  raw.fill(0);
  return { term, key, createdAt };
}

export function sealKeyring(keyring: Keyring, rootKey: KeyObject): Buffer {
  const plaintext = keyring.encode();
  try {
    return seal(rootKey, plaintext, AAD, HEADER);
  } finally {
    plaintext.fill(0);
  }
}

export function openKeyring(sealed: Uint8Array, rootKey: KeyObject): Keyring {
  if (sealed.byteLength < 1 || sealed[0] !== RECORD_FORMAT) {
    throw new Error(`the keyring at ${KEYRING_PATH} has an unknown format`);
  }
  let plaintext: Buffer;
  try {
    plaintext = open(rootKey, sealed.subarray(1), AAD);
  } catch (err) {
    if (!(err instanceof AeadOpenError)) throw err;
    throw new RootKeyMismatchError(
      'it was sealed under a different root key (or has been altered). Start with the root key this data was created with: the root.key file of the data directory, or COFFER_ROOT_KEY',
    );
  }
  try {
    return Keyring.decode(plaintext);
  } finally {
    plaintext.fill(0);
  }
}

/** The stored keyring, or undefined when there is none yet. */
export async function loadKeyring(reader: StorageReader, rootKey: KeyObject): Promise<Keyring | undefined> {
  const sealed = await reader.get(KEYRING_PATH);
  return sealed === undefined ? undefined : openKeyring(sealed, rootKey);
}

/**
 * Returns the stored keyring, creating it if the store is empty. Records without a
 * keyring mean the keyring was lost; starting afresh would orphan them, so refuse.
 */
export async function loadOrCreateKeyring(backend: StorageBackend, rootKey: KeyObject): Promise<Keyring> {
  const existing = await loadKeyring(backend, rootKey);
  if (existing) return existing;
  return backend.transaction(async (tx) => {
    const raced = await loadKeyring(tx, rootKey);
    if (raced) return raced;
    if ((await tx.list('', { limit: 1 })).entries.length > 0) {
      throw new Error(`storage holds records but no keyring at ${KEYRING_PATH}; refusing to create a new keyring over them`);
    }
    const keyring = Keyring.create();
    await tx.put(KEYRING_PATH, sealKeyring(keyring, rootKey));
    return keyring;
  });
}

/** Adds a term to the stored keyring and makes it current. */
export async function rotateStoredKeyring(backend: StorageBackend, rootKey: KeyObject): Promise<Keyring> {
  return backend.transaction(async (tx) => {
    const keyring = await loadKeyring(tx, rootKey);
    if (!keyring) throw new Error(`there is no keyring at ${KEYRING_PATH} to rotate`);
    const next = keyring.rotated();
    await tx.put(KEYRING_PATH, sealKeyring(next, rootKey));
    return next;
  });
}
