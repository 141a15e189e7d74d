import path from 'node:path';
import type { StorageBackend } from '../storage/backend.js';
import { MemoryBackend } from '../storage/memory.js';
import { openSqliteBackend } from '../storage/sqlite.js';
import type { InvalidationBus } from './invalidation.js';

export const SQLITE_FILE = 'coffer.db';

/** 'sqlite' (the default, in the data directory), 'memory', or a postgres:// URL. */
export async function openStorage(spec: string, dataDir: string, bus: InvalidationBus): Promise<StorageBackend> {
  if (spec === 'memory') return new MemoryBackend();
  if (spec.startsWith('postgres://') || spec.startsWith('postgresql://')) {
    // The PostgreSQL backend (and pg) loads only when used: it is a fifth of start-up otherwise.
    const { openPostgresBackend } = await import('../storage/postgres.js');
    return openPostgresBackend(spec, { bus });
  }
  if (spec === 'sqlite') return openSqliteBackend(path.join(dataDir, SQLITE_FILE));
  throw new Error(`unknown storage '${spec}': use sqlite, memory or a postgres:// URL`);
}
