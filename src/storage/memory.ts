import type { Entry, ListOptions, ListPage, StorageBackend, StorageWriter } from './backend.js';
import { checkListOptions, compareKeys, listStart, toPage } from './key-order.js';
import { SerialQueue } from './serial-queue.js';

/** Pending writes of a transaction; null marks a delete. */
type WriteSet = Map<string, Uint8Array | null>;

const copy = (value: Uint8Array): Buffer => Buffer.from(value);

/**
 * Keeps everything in process memory (dev mode and tests). Writers are serialized;
 * a transaction buffers its writes and applies them at once when `fn` resolves, so
 * readers outside it never see a half-done transaction.
 */
export class MemoryBackend implements StorageBackend {
  readonly kind = 'memory';
  private readonly values = new Map<string, Buffer>();
  /** Every key, kept sorted by compareKeys. */
  private readonly keys: string[] = [];
  private readonly writers = new SerialQueue();
  private closed = false;

  async get(key: string): Promise<Uint8Array | undefined> {
    this.checkOpen();
    const v = this.values.get(key);
    return v === undefined ? undefined : copy(v);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.checkOpen();
    return this.listWith(prefix, options, undefined);
  }

  put(key: string, value: Uint8Array): Promise<void> {
    const stored = copy(value);
    return this.write(() => this.apply(new Map([[key, stored]])));
  }

  delete(key: string): Promise<void> {
    return this.write(() => this.apply(new Map([[key, null]])));
  }

  transaction<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T> {
    return this.write(async () => {
      const tx = new MemoryTransaction(this);
      try {
        const result = await fn(tx);
        this.apply(tx.writes);
        return result;
      } finally {
        tx.finish();
      }
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.writers.idle();
  }

  /** @internal */ readCommitted(key: string): Uint8Array | undefined {
    const v = this.values.get(key);
    return v === undefined ? undefined : copy(v);
  }

  /** @internal Lists committed state with `overlay` (a transaction's writes) laid over it. */
  listWith(prefix: string, options: ListOptions | undefined, overlay: WriteSet | undefined): ListPage {
    checkListOptions(options);
    const limit = options?.limit;
    const start = listStart(prefix, options?.after);
    const pending = overlay ? pendingKeys(overlay, prefix, start) : [];
    const out: Entry[] = [];
    let i = this.lowerIndex(start.key, start.inclusive);
    let j = 0;
    while (limit === undefined || out.length <= limit) {
      const base = i < this.keys.length && (this.keys[i] as string).startsWith(prefix) ? (this.keys[i] as string) : undefined;
      const over = pending[j];
      if (base === undefined && over === undefined) break;
      if (over === undefined || (base !== undefined && compareKeys(base, over) < 0)) {
        out.push({ key: base as string, value: copy(this.values.get(base as string) as Buffer) });
        i++;
        continue;
      }
      if (base === over) i++;
      j++;
      const v = (overlay as WriteSet).get(over);
      if (v) out.push({ key: over, value: copy(v) });
    }
    return toPage(out, limit);
  }

  private write<T>(work: () => Promise<T> | T): Promise<T> {
    if (this.closed) return Promise.reject(closedError());
    return this.writers.run(work);
  }

  private apply(writes: WriteSet): void {
    for (const [key, value] of writes) {
      const has = this.values.has(key);
      if (value === null) {
        if (!has) continue;
        this.values.delete(key);
        this.keys.splice(this.lowerIndex(key, true), 1);
      } else {
        if (!has) this.keys.splice(this.lowerIndex(key, true), 0, key);
        this.values.set(key, value as Buffer);
      }
    }
  }

  /** Index of the first key >= `key` (or > `key` when not inclusive). */
  private lowerIndex(key: string, inclusive: boolean): number {
    let lo = 0;
    let hi = this.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const c = compareKeys(this.keys[mid] as string, key);
      if (c < 0 || (c === 0 && !inclusive)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private checkOpen(): void {
    if (this.closed) throw closedError();
  }
}

function pendingKeys(overlay: WriteSet, prefix: string, start: { key: string; inclusive: boolean }): string[] {
  const keys: string[] = [];
  for (const key of overlay.keys()) {
    if (!key.startsWith(prefix)) continue;
    const c = compareKeys(key, start.key);
    if (c > 0 || (c === 0 && start.inclusive)) keys.push(key);
  }
  return keys.sort(compareKeys);
}

function closedError(): Error {
  return new Error('storage backend is closed');
}

class MemoryTransaction implements StorageWriter {
  readonly writes: WriteSet = new Map();
  private active = true;

  constructor(private readonly backend: MemoryBackend) {}

  async get(key: string): Promise<Uint8Array | undefined> {
    this.check();
    const v = this.writes.get(key);
    if (v === undefined) return this.backend.readCommitted(key);
    return v === null ? undefined : copy(v);
  }

  async list(prefix: string, options?: ListOptions): Promise<ListPage> {
    this.check();
    return this.backend.listWith(prefix, options, this.writes);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    this.check();
    this.writes.set(key, copy(value));
  }

  async delete(key: string): Promise<void> {
    this.check();
    this.writes.set(key, null);
  }

  finish(): void {
    this.active = false;
  }

  private check(): void {
    if (!this.active) throw new Error('transaction already finished');
  }
}
