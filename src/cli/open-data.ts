import fs from 'node:fs';
import { DEFAULTS, resolveDataDir } from '../config.js';
import { openBarrier } from '../crypto/barrier.js';
import { loadOrCreateRootKey } from '../crypto/root-key.js';
import { BarrierStore } from '../crypto/secure-store-impl.js';
import { InvalidationBus } from '../server/invalidation.js';
import { openStorage } from '../server/storage.js';
import type { StorageBackend } from '../storage/backend.js';

export interface DataFlags {
  data?: string;
  storage?: string;
}

export interface OpenData {
  dataDir: string;
  backend: StorageBackend;
  rootKey: Buffer;
  store: BarrierStore;
  bus: InvalidationBus;
}

/** Open an existing data directory for an offline command; refuses to create one. */
export async function openData(flags: DataFlags): Promise<OpenData> {
  const dataDir = resolveDataDir(flags.data ?? DEFAULTS.dataDir);
  const storage = flags.storage ?? process.env.COFFER_DATABASE_URL ?? 'sqlite';
  if (storage === 'sqlite' && !fs.existsSync(dataDir)) throw new Error(`no data directory at ${dataDir}: start the server once first`);
  const rootKey = await loadOrCreateRootKey(dataDir);
  const bus = new InvalidationBus();
  const backend = await openStorage(storage, dataDir, bus);
  try {
    const barrier = await openBarrier(backend, rootKey, bus);
    return { dataDir, backend, rootKey, store: new BarrierStore(backend, barrier), bus };
  } catch (err) {
    await backend.close();
    throw err;
  }
}

export async function runOffline(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    process.stderr.write(`coffer: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  }
}
