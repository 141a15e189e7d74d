import fs from 'node:fs/promises';
import type { Config } from '../config.js';
import { openBarrier } from '../crypto/barrier.js';
import { loadOrCreateRootKey } from '../crypto/root-key.js';
import { BarrierStore } from '../crypto/secure-store-impl.js';
import { StoredIdentity } from '../identity/identity-store-impl.js';
import { Clock } from '../protocol/clock.js';
import { Dispatcher } from '../protocol/dispatcher.js';
import type { StorageBackend } from '../storage/backend.js';
import { SqliteBackend } from '../storage/sqlite.js';
import { createKmsInternal } from '../services/kms/internal-impl.js';
import { AdminEndpoints } from './admin-endpoints.js';
import type { AppServices } from './app-services.js';
import { bootstrapAccount } from './bootstrap.js';
import { createHttpServer } from './http-server.js';
import { InvalidationBus } from './invalidation.js';
import { flushLog } from './log.js';
import { Metrics } from './metrics.js';
import { operationTable } from './operations.js';
import { wipeState } from './reset.js';
import { openStorage } from './storage.js';
import { Sweeper } from './sweeper.js';

export interface RunningCoffer {
  endpoint: string;
  account: string;
  /** True when this start created the account and wrote admin-credentials. */
  createdAccount: boolean;
  stop(): Promise<void>;
}

/** The composition root: config -> storage -> root key -> barrier -> services -> server. */
export async function startCoffer(config: Config): Promise<RunningCoffer> {
  await fs.mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const rootKey = await loadOrCreateRootKey(config.dataDir);
  const bus = new InvalidationBus();
  const backend: StorageBackend = await openStorage(config.storage, config.dataDir, bus);
  let barrier;
  try {
    barrier = await openBarrier(backend, rootKey, bus);
  } catch (err) {
    await backend.close();
    throw err;
  }
  const store = new BarrierStore(backend, barrier);
  const clock = new Clock();

  const build = (): AppServices => {
    const identity = new StoredIdentity(store, bus);
    return { config, store, clock, bus, identity, kms: createKmsInternal({ store, bus }) };
  };
  let app = build();
  const { created, account } = await bootstrapAccount(store, config.dataDir);

  const metrics = new Metrics();
  countStorageCommits(metrics, backend);
  // A keyring rotated by the offline command is picked up within one sweep interval.
  const sweeper = new Sweeper(() => app, config.sweepIntervalMs, () => barrier.reload());
  const operations = operationTable();
  const dispatcher = new Dispatcher(() => app, operations, metrics);
  const admin = new AdminEndpoints({
    dev: config.dev,
    metrics,
    health: async () => ({ status: 'ok', storage: backend.kind, dev: config.dev, account }),
    reset: async () => {
      await wipeState(store);
      bus.deliver('reset', '*');
      app = build();
    },
    advanceClock: async (seconds) => {
      clock.advance(seconds * 1000);
      await sweeper.runOnce();
      return clock.now();
    },
  });
  const server = createHttpServer(dispatcher, admin, config.maxBodyBytes);
  await server.listen(config.port, config.host);
  sweeper.start();
  // The services' operations load now, while the server already answers (a call waits for its service).
  setImmediate(() => void operations.loadAll());
  const { port } = server.address();
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      sweeper.stop();
      // Resolves once the answers in flight are out and every connection is closed.
      await server.close();
      await sweeper.idle();
      await backend.close();
      flushLog();
    })());

  return { endpoint: `http://${host}:${port}`, account, createdAccount: created, stop };
}

/** The embedded store's group commits: writes per commit is what one disk flush is shared by. */
function countStorageCommits(metrics: Metrics, backend: StorageBackend): void {
  if (!(backend instanceof SqliteBackend)) return;
  const stats = backend.stats;
  metrics.addCounter({ name: 'coffer_storage_commits_total', help: 'SQLite transactions committed (each a group of writes).', value: () => stats.commits });
  metrics.addCounter({ name: 'coffer_storage_committed_writes_total', help: 'Writes and transactions those commits carried.', value: () => stats.jobs });
  metrics.addCounter({ name: 'coffer_storage_flushes_total', help: 'Flushes of the write-ahead log to disk; each acknowledges every commit before it.', value: () => stats.flushes });
}
