/**
 * The view of storage every service uses: values are sealed by the barrier
 * (AES-256-GCM under the current keyring term, the storage path as AAD) on the way
 * down and opened on the way up. Services never touch a StorageBackend directly.
 */
export interface SecureEntry {
  key: string;
  value: Buffer;
}

export interface SecurePage {
  entries: SecureEntry[];
  next?: string;
}

export interface SecureReader {
  get(path: string): Promise<Buffer | undefined>;
  getJson<T>(path: string): Promise<T | undefined>;
  list(prefix: string, options?: { after?: string; limit?: number }): Promise<SecurePage>;
  /** All entries under a prefix, paging internally. */
  listAll(prefix: string): Promise<SecureEntry[]>;
}

export interface SecureWriter extends SecureReader {
  put(path: string, value: Uint8Array): Promise<void>;
  putJson(path: string, value: unknown): Promise<void>;
  delete(path: string): Promise<void>;
  /**
   * Inside a transaction: the other nodes on this storage drop cached (topic, key) when it
   * commits, atomically with it (see StorageWriter.announce). Does nothing where no other
   * node shares the storage; this node's own caches are the caller's to tell, after commit.
   */
  announce(topic: string, key: string): Promise<void>;
}

export interface SecureStore extends SecureWriter {
  /** Serializable read-modify-write; may be retried, so keep side effects out of fn. */
  transaction<T>(fn: (tx: SecureWriter) => Promise<T>): Promise<T>;
}
