import type { InvalidationBus } from '../../server/invalidation.js';
import type { EncryptionContext } from './ciphertext.js';
import { KEY_TOPIC } from './repo.js';

interface Entry {
  keyArn: string;
  /** The encryption context the unwrap authenticated, as pairs. */
  context: [string, string][];
  plaintext: Buffer;
  expiresAt: number;
}

/** How long an unwrapped data key is kept: short, so key material does not linger in memory. */
const TTL_MS = 60_000;
const MAX_ENTRIES = 4096;

/**
 * Data keys Secrets Manager had KMS unwrap in-process, kept briefly so reading the same
 * version again does not decrypt its data key again. Only the AES unwrap is saved: every
 * use still resolves the key, decides the caller's permission and checks the key state
 * first (internal-impl.ts), so a disabled or deleted key refuses the very next read. An
 * entry serves only the same ciphertext blob (the whole of it is the map key) with the same
 * encryption context (the pair the unwrap authenticated), and every change to a key, on any
 * node, drops its entries.
 */
export class DataKeyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(bus: InvalidationBus) {
    bus.subscribe((topic, key) => {
      if (topic === KEY_TOPIC) this.dropKey(key);
      else if (topic === 'reset') this.clear();
    });
  }

  /** A copy of the cached data key (the caller may wipe it), or undefined. */
  get(blob: Buffer, context: EncryptionContext, keyArn: string, now: number): Buffer | undefined {
    const id = blob.toString('latin1');
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.keyArn !== keyArn || now >= e.expiresAt || now < e.expiresAt - TTL_MS) {
      this.delete(id, e);
      return undefined;
    }
    return sameContext(e.context, context) ? Buffer.from(e.plaintext) : undefined;
  }

  put(blob: Buffer, context: EncryptionContext, keyArn: string, plaintext: Buffer, now: number): void {
    const id = blob.toString('latin1');
    const old = this.entries.get(id);
    if (old) this.delete(id, old);
    if (this.entries.size >= MAX_ENTRIES) {
      const [oldestId, oldest] = this.entries.entries().next().value as [string, Entry];
      this.delete(oldestId, oldest);
    }
    this.entries.set(id, { keyArn, context: Object.entries(context), plaintext: Buffer.from(plaintext), expiresAt: now + TTL_MS });
  }

  clear(): void {
    for (const e of this.entries.values()) e.plaintext.fill(0);
    this.entries.clear();
  }

  private dropKey(keyArn: string): void {
    for (const [id, e] of this.entries) if (e.keyArn === keyArn) this.delete(id, e);
  }

  private delete(id: string, e: Entry): void {
    e.plaintext.fill(0);
    this.entries.delete(id);
  }
}

const caches = new WeakMap<object, DataKeyCache>();

/** One cache per repository (so per store), however often the services are rebuilt. */
export function dataKeyCacheFor(owner: object, bus: InvalidationBus): DataKeyCache {
  let c = caches.get(owner);
  if (!c) {
    c = new DataKeyCache(bus);
    caches.set(owner, c);
  }
  return c;
}

/** The same pairs, in any order: what makes the canonical encodings (the AAD) equal. */
function sameContext(pairs: [string, string][], context: EncryptionContext): boolean {
  let n = 0;
  for (const k in context) {
    if (!Object.hasOwn(context, k)) continue;
    n++;
    let found = false;
    for (const [pk, pv] of pairs) {
      if (pk === k) {
        found = pv === context[k];
        break;
      }
    }
    if (!found) return false;
  }
  return n === pairs.length;
}
