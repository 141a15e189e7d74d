/**
 * The storage backend is dumb and untrusted: an ordered key/value map with
 * transactions. Everything it holds has already passed the barrier, so a backend
 * never sees plaintext. Keys are '/'-separated paths compared bytewise (UTF-8).
 */
export interface ListOptions {
  /** Return only keys strictly greater than this one (paging cursor). */
  after?: string;
  /** At most this many entries; default unlimited. */
  limit?: number;
}

export interface Entry {
  key: string;
  value: Uint8Array;
}

export interface ListPage {
  entries: Entry[];
  /** Present when more entries follow: pass as `after` to continue. */
  next?: string;
}

export interface StorageReader {
  get(key: string): Promise<Uint8Array | undefined>;
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
}

export interface StorageWriter extends StorageReader {
  put(key: string, value: Uint8Array): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * In a transaction: tells the other processes sharing this storage that cached state
   * under (topic, key) changed, as part of the commit (delivered if and only if it
   * commits, even if this process dies right after). Backends no other process shares
   * leave it out.
   */
  announce?(topic: string, key: string): Promise<void>;
}

/**
 * A transaction sees its own writes and a state no other transaction changes under
 * it (serializable). It commits when `fn` resolves and is rolled back when it throws.
 * Backends may run `fn` more than once (retry on a serialization conflict), so `fn`
 * must not have side effects outside the transaction.
 */
export interface StorageBackend extends StorageWriter {
  readonly kind: string;
  transaction<T>(fn: (tx: StorageWriter) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
