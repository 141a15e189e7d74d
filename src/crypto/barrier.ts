import type { KeyObject } from 'node:crypto';
import type { StorageBackend } from '../storage/backend.js';
import type { InvalidationBus } from '../server/invalidation.js';
import { AEAD_OVERHEAD, AeadOpenError, aeadKey, open, seal } from './aead.js';
import { SealedRecordError } from './errors.js';
import { type Keyring, loadKeyring, loadOrCreateKeyring, rotateStoredKeyring } from './keyring.js';

export { RootKeyMismatchError, SealedRecordError } from './errors.js';

/** Invalidation topic announcing that the keyring changed. */
export const KEYRING_TOPIC = 'keyring';

const RECORD_FORMAT = 0x01;
/** [format][term u32 BE] */
const HEADER_BYTES = 5;
const MIN_SEALED = HEADER_BYTES + AEAD_OVERHEAD;

/**
 * Everything written to storage passes through here: sealed as
 * [format][term u32][iv][ciphertext][tag] under the keyring term's key, with
 * format + term + storage path as AAD, so a record cannot be replayed at another
 * path or have its header changed.
 */
export class Barrier {
  private reloading: Promise<void> | undefined;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(
    private readonly backend: StorageBackend,
    private readonly rootKey: KeyObject,
    private keyring: Keyring,
    private readonly bus?: InvalidationBus,
  ) {
    this.unsubscribe = bus?.subscribe((topic) => {
      // A failed reload is not fatal: the next record of an unknown term retries.
      if (topic === KEYRING_TOPIC) this.reload().catch(() => undefined);
    });
  }

  get currentTerm(): number {
    return this.keyring.current.term;
  }

  seal(path: string, plaintext: Uint8Array): Buffer {
    const { term, key } = this.keyring.current;
    const header = Buffer.allocUnsafe(HEADER_BYTES);
    header.writeUInt8(RECORD_FORMAT, 0);
    header.writeUInt32BE(term, 1);
    return seal(key, plaintext, aad(header, path), header);
  }

  async open(path: string, sealed: Uint8Array): Promise<Buffer> {
    if (sealed.byteLength < MIN_SEALED) throw new SealedRecordError(path, 'too short');
    const buf = Buffer.isBuffer(sealed) ? sealed : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
    if (buf[0] !== RECORD_FORMAT) throw new SealedRecordError(path, `unknown format ${buf[0]}`);
    const term = buf.readUInt32BE(1);
    let entry = this.keyring.term(term);
    if (!entry && term > this.keyring.current.term) {
      // Another node (or the operator command) may have rotated since we loaded.
      await this.reload();
      entry = this.keyring.term(term);
    }
    if (!entry) throw new SealedRecordError(path, `keyring term ${term} is unknown`);
    try {
      return open(entry.key, buf.subarray(HEADER_BYTES), aad(buf.subarray(0, HEADER_BYTES), path));
    } catch (err) {
      if (err instanceof AeadOpenError) throw new SealedRecordError(path, 'authentication failed');
      throw err;
    }
  }

  /** Re-reads the keyring from storage (coalescing concurrent calls). */
  reload(): Promise<void> {
    this.reloading ??= (async () => {
      try {
        const stored = await loadKeyring(this.backend, this.rootKey);
        if (stored) this.install(stored);
      } finally {
        this.reloading = undefined;
      }
    })();
    return this.reloading;
  }

  /** Adds a keyring term; this node seals with it at once, and others are told. */
  async rotate(): Promise<number> {
    this.install(await rotateStoredKeyring(this.backend, this.rootKey));
    this.bus?.publish(KEYRING_TOPIC, 'rotated');
    return this.keyring.current.term;
  }

  /** Stops listening for keyring changes. */
  dispose(): void {
    this.unsubscribe?.();
  }

  private install(next: Keyring): void {
    // Terms only grow; never go back to an older copy read from a lagging store.
    if (next.current.term >= this.keyring.current.term) this.keyring = next;
  }
}

function aad(header: Uint8Array, path: string): Buffer {
  const pathBytes = Buffer.byteLength(path, 'utf8');
  const out = Buffer.allocUnsafe(HEADER_BYTES + pathBytes);
  out.set(header, 0);
  out.write(path, HEADER_BYTES, pathBytes, 'utf8');
  return out;
}

/**
 * Opens the barrier over a backend: creates the keyring on an empty store, else
 * opens the stored one. A root key that does not open it throws
 * RootKeyMismatchError before anything is written.
 */
export async function openBarrier(backend: StorageBackend, rootKey: Uint8Array, bus?: InvalidationBus): Promise<Barrier> {
  const root = aeadKey(rootKey);
  const keyring = await loadOrCreateKeyring(backend, root);
  return new Barrier(backend, root, keyring, bus);
}

/** `coffer operator rotate-keyring`: adds a term and returns its number. */
export async function rotateKeyring(backend: StorageBackend, rootKey: Uint8Array, bus?: InvalidationBus): Promise<number> {
  const next = await rotateStoredKeyring(backend, aeadKey(rootKey));
  bus?.publish(KEYRING_TOPIC, 'rotated');
  return next.current.term;
}
