import type { KeyLastUsageTrackingOperation } from '../../generated/kms-types.js';
import type { FoundKey } from './key-guard.js';
import { paths, type KmsRepo, type UsageRecord } from './repo.js';

/**
 * Last cryptographic use of each key (GetKeyLastUsage). Recorded in memory on the hot path
 * and written by the sweeper, so an Encrypt never turns into a storage write.
 */
export interface PendingUsage extends UsageRecord {
  account: string;
  region: string;
  keyId: string;
}

export function recordUsage(
  repo: KmsRepo,
  ctx: { now: number; requestId: string },
  found: FoundKey,
  operation: KeyLastUsageTrackingOperation,
): void {
  const k = found.key;
  repo.pendingUsage.set(found.arn, { account: k.account, region: k.region, keyId: k.keyId, operation, timestamp: ctx.now, requestId: ctx.requestId });
}

export async function lastUsage(repo: KmsRepo, found: FoundKey): Promise<UsageRecord | undefined> {
  const mem = repo.pendingUsage.get(found.arn);
  const stored = await repo.store.getJson<UsageRecord>(paths.usage(found.key.account, found.key.region, found.key.keyId));
  if (mem && (!stored || mem.timestamp >= stored.timestamp)) return { operation: mem.operation, timestamp: mem.timestamp, requestId: mem.requestId };
  return stored;
}

export async function flushUsage(repo: KmsRepo): Promise<void> {
  const batch = [...repo.pendingUsage.entries()];
  if (batch.length === 0) return;
  for (const [arn] of batch) repo.pendingUsage.delete(arn);
  await repo.store.transaction(async (tx) => {
    for (const [, u] of batch) {
      const path = paths.usage(u.account, u.region, u.keyId);
      // Only keys that still exist; a newer record (another node) wins.
      if ((await tx.get(paths.key(u.account, u.region, u.keyId))) === undefined) continue;
      const old = await tx.getJson<UsageRecord>(path);
      if (old && old.timestamp > u.timestamp) continue;
      await tx.putJson(path, { operation: u.operation, timestamp: u.timestamp, requestId: u.requestId });
    }
  });
}
