import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import type { Entry, StorageBackend, StorageReader } from './backend.js';
import type { PostgresBackend } from './postgres.js';
import type { PostgresTransaction } from './postgres-transaction.js';
import { openSqliteBackend } from './sqlite.js';

/**
 * Moves a single-node SQLite store to PostgreSQL for several nodes. Records are
 * copied byte for byte: they stay sealed by the barrier (the storage path is their
 * AAD and does not change), so the nodes on PostgreSQL need the same root key and
 * nothing is ever decrypted here.
 */
export interface MigrateOptions {
  /** Replace whatever the destination holds instead of refusing. */
  force?: boolean;
  /** Records per read and per INSERT. */
  batchSize?: number;
  /** Told after every batch, with the number of records copied so far. */
  onProgress?: (copied: number) => void;
}

export interface MigrateResult {
  count: number;
  /** SHA-256 over every (key, value) in key order, hex; equal on both sides. */
  checksum: string;
  /** Where the records went: host:port/database and schema. */
  destination: string;
}

const DEFAULT_BATCH = 500;

export class DestinationNotEmptyError extends Error {
  constructor(destination: string) {
    super(`the destination ${destination} already holds coffer records; refusing to mix stores (use --force to replace them)`);
    this.name = 'DestinationNotEmptyError';
  }
}

export async function migrateSqliteToPostgres(from: string, to: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  // Opening a missing file would create an empty store and "successfully" copy nothing.
  if (!fs.existsSync(from) || !fs.statSync(from).isFile()) throw new Error(`no SQLite database at ${from}`);
  const source = await openSqliteBackend(from);
  try {
    // Loaded here, not at start: every coffer command imports this file, few use PostgreSQL.
    const { openPostgresBackend } = await import('./postgres.js');
    const dest = await openPostgresBackend(to);
    try {
      return await copyStore(source, dest, opts);
    } finally {
      await dest.close();
    }
  } finally {
    await source.close();
  }
}

/**
 * Copies in one destination transaction, so an interrupted copy leaves nothing
 * behind, and checks what the destination holds (count and checksum) before it
 * commits. The source is read inside its own transaction for a consistent snapshot.
 */
export async function copyStore(source: StorageBackend, dest: PostgresBackend, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const batch = opts.batchSize ?? DEFAULT_BATCH;
  const destination = `${dest.location} (schema ${dest.schema})`;
  return source.transaction((snapshot) =>
    dest.transaction(async (tx: PostgresTransaction) => {
      if ((await tx.list('', { limit: 1 })).entries.length > 0) {
        if (!opts.force) throw new DestinationNotEmptyError(destination);
        await tx.deleteAll();
      }
      const copied = new StoreDigest();
      for await (const entries of pages(snapshot, batch)) {
        await tx.putMany(entries);
        copied.add(entries);
        opts.onProgress?.(copied.count);
      }
      const stored = await digestOf(tx, batch);
      const want = copied.result();
      if (stored.count !== want.count || stored.checksum !== want.checksum) {
        throw new Error(
          `verification failed: the source has ${want.count} records (sha256 ${want.checksum}), ` +
            `the destination ${stored.count} (sha256 ${stored.checksum}); nothing was committed`,
        );
      }
      return { ...want, destination };
    }),
  );
}

/** Count and checksum of everything a store holds. */
export async function digestOf(reader: StorageReader, batch = DEFAULT_BATCH): Promise<{ count: number; checksum: string }> {
  const digest = new StoreDigest();
  for await (const entries of pages(reader, batch)) digest.add(entries);
  return digest.result();
}

async function* pages(reader: StorageReader, limit: number): AsyncGenerator<Entry[]> {
  let after: string | undefined;
  do {
    const page = await reader.list('', { after, limit });
    if (page.entries.length > 0) yield page.entries;
    after = page.next;
  } while (after !== undefined);
}

/** Lengths go in too, so that no two different stores can produce the same byte stream. */
class StoreDigest {
  private readonly hash: Hash = createHash('sha256');
  count = 0;

  add(entries: readonly Entry[]): void {
    const len = Buffer.alloc(4);
    for (const { key, value } of entries) {
      const k = Buffer.from(key, 'utf8');
      len.writeUInt32BE(k.byteLength);
      this.hash.update(len).update(k);
      len.writeUInt32BE(value.byteLength);
      this.hash.update(len).update(value);
      this.count++;
    }
  }

  result(): { count: number; checksum: string } {
    return { count: this.count, checksum: this.hash.copy().digest('hex') };
  }
}
