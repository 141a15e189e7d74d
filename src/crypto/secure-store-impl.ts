import type { StorageBackend, StorageWriter } from '../storage/backend.js';
import type { Barrier } from './barrier.js';
import { KEYRING_PATH } from './keyring.js';
import type { SecureEntry, SecurePage, SecureStore, SecureWriter } from './secure-store.js';

/** Page size listAll uses: large enough to be few round trips, small enough to bound memory per step. */
const LIST_ALL_PAGE = 500;

function reserved(path: string): Error {
  return new Error(`${path} is reserved for the keyring`);
}

/** SecureWriter over any StorageWriter: the backend itself, or a transaction of it. */
class SealedWriter implements SecureWriter {
  constructor(
    protected readonly storage: StorageWriter,
    protected readonly barrier: Barrier,
  ) {}

  async get(path: string): Promise<Buffer | undefined> {
    if (path === KEYRING_PATH) throw reserved(path);
    const sealed = await this.storage.get(path);
    return sealed === undefined ? undefined : this.barrier.open(path, sealed);
  }

  async getJson<T>(path: string): Promise<T | undefined> {
    const plain = await this.get(path);
    return plain === undefined ? undefined : (JSON.parse(plain.toString('utf8')) as T);
  }

  async list(prefix: string, options?: { after?: string; limit?: number }): Promise<SecurePage> {
    const page = await this.storage.list(prefix, options);
    const entries: SecureEntry[] = [];
    for (const { key, value } of page.entries) {
      // The keyring shares the core/ prefix but is not barrier-sealed.
      if (key === KEYRING_PATH) continue;
      entries.push({ key, value: await this.barrier.open(key, value) });
    }
    return page.next === undefined ? { entries } : { entries, next: page.next };
  }

  async listAll(prefix: string): Promise<SecureEntry[]> {
    const all: SecureEntry[] = [];
    let after: string | undefined;
    do {
      const page = await this.list(prefix, { after, limit: LIST_ALL_PAGE });
      for (const e of page.entries) all.push(e);
      after = page.next;
    } while (after !== undefined);
    return all;
  }

  async put(path: string, value: Uint8Array): Promise<void> {
    if (path === KEYRING_PATH) throw reserved(path);
    await this.storage.put(path, this.barrier.seal(path, value));
  }

  async putJson(path: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError(`cannot store ${typeof value} as JSON at ${path}`);
    await this.put(path, Buffer.from(json, 'utf8'));
  }

  async delete(path: string): Promise<void> {
    if (path === KEYRING_PATH) throw reserved(path);
    await this.storage.delete(path);
  }

  async announce(topic: string, key: string): Promise<void> {
    await this.storage.announce?.(topic, key);
  }
}

/** The SecureStore services use: every value sealed by the barrier on its way to the backend. */
export class BarrierStore extends SealedWriter implements SecureStore {
  constructor(
    private readonly backend: StorageBackend,
    barrier: Barrier,
  ) {
    super(backend, barrier);
  }

  transaction<T>(fn: (tx: SecureWriter) => Promise<T>): Promise<T> {
    return this.backend.transaction((tx) => fn(new SealedWriter(tx, this.barrier)));
  }
}
