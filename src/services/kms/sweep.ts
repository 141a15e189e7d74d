import type { AppServices } from '../../server/app-services.js';
import { keyState, isDeleted } from './key-state.js';
import type { KeyRecord } from './key.js';
import { kmsRepo, paths, type ImportRecord, type KmsRepo, type KmsWriter } from './repo.js';
import { DAY_MS, DEFAULT_ROTATION_DAYS, rotate } from './rotation.js';
import { flushUsage } from './usage.js';

/**
 * Time-driven KMS changes, persisted: keys past their deletion date go (with their aliases
 * and grants), multi-Region primaries start their window once their replicas are gone, keys
 * due for automatic rotation get new material, expired imported material is deleted, and
 * stale import parameters are dropped. Request handling already treats all of these as
 * having happened (key-state.ts); this only makes storage agree.
 */
export async function sweepKms(app: AppServices, now: number): Promise<void> {
  const repo = kmsRepo(app.store, app.bus);
  await flushUsage(repo);
  for (const k of await repo.allKeys()) {
    if (isDeleted(k, now)) await deleteKey(repo, k, now);
    else if (k.deletion?.waitingForReplicas && k.multiRegion?.replicaRegions.length === 0) await startPrimaryWindow(repo, k, now);
    else {
      if (rotationDue(k, now)) await rotateDue(repo, k, now);
      if (k.origin === 'EXTERNAL') await expireImports(repo, k, now);
    }
  }
}

const reload = (w: KmsWriter, k: KeyRecord) => w.getKey(k.account, k.region, k.keyId);

async function deleteKey(repo: KmsRepo, k: KeyRecord, now: number): Promise<void> {
  await repo.transact(async (w) => {
    const cur = await reload(w, k);
    if (!cur || !isDeleted(cur, now)) return;
    await w.purgeKey(cur);
    const mr = cur.multiRegion;
    if (!mr) return;
    // The other copies of a multi-Region key forget this one.
    const remaining = mr.replicaRegions.filter((r) => r !== cur.region);
    for (const region of [mr.primaryRegion, ...mr.replicaRegions]) {
      if (region === cur.region) continue;
      const other = await w.getKey(cur.account, region, cur.keyId);
      if (!other) continue;
      other.multiRegion = { primaryRegion: mr.primaryRegion, replicaRegions: remaining };
      if (other.deletion?.waitingForReplicas && remaining.length === 0) {
        other.deletion = { date: now + other.deletion.windowDays * DAY_MS, windowDays: other.deletion.windowDays };
      }
      await w.putKey(other);
    }
  });
}

async function startPrimaryWindow(repo: KmsRepo, k: KeyRecord, now: number): Promise<void> {
  await repo.transact(async (w) => {
    const cur = await reload(w, k);
    if (!cur?.deletion?.waitingForReplicas || (cur.multiRegion?.replicaRegions.length ?? 0) > 0) return;
    cur.deletion = { date: now + cur.deletion.windowDays * DAY_MS, windowDays: cur.deletion.windowDays };
    await w.putKey(cur);
  });
}

function rotationDue(k: KeyRecord, now: number): boolean {
  const r = k.rotation;
  if (!r.enabled || r.nextAt === undefined || r.nextAt > now || k.origin !== 'AWS_KMS') return false;
  if (k.multiRegion && k.multiRegion.primaryRegion !== k.region) return false;
  // A disabled key rotates once it is enabled again.
  return keyState(k, now) === 'Enabled';
}

async function rotateDue(repo: KmsRepo, k: KeyRecord, now: number): Promise<void> {
  await repo.transact(async (w) => {
    const cur = await reload(w, k);
    if (!cur || !rotationDue(cur, now)) return;
    await rotate(w, cur, 'AUTOMATIC', now);
    const period = cur.rotation.periodDays ?? DEFAULT_ROTATION_DAYS;
    cur.rotation = { ...cur.rotation, nextAt: now + period * DAY_MS };
    await w.putKey(cur);
  });
}

async function expireImports(repo: KmsRepo, k: KeyRecord, now: number): Promise<void> {
  const expired = k.materials.some((m) => m.secret !== undefined && m.imported?.validTo !== undefined && m.imported.validTo <= now);
  if (expired) {
    await repo.transact(async (w) => {
      const cur = await reload(w, k);
      if (!cur) return;
      for (const m of cur.materials) {
        if (m.secret !== undefined && m.imported?.validTo !== undefined && m.imported.validTo <= now) {
          delete m.secret;
          delete m.publicKey;
        }
      }
      await w.putKey(cur);
    });
  }
  const stale = (await repo.store.listAll(paths.imports(k.account, k.region, k.keyId))).filter(
    (e) => (JSON.parse(e.value.toString('utf8')) as ImportRecord).validTo <= now,
  );
  if (stale.length > 0) await repo.store.transaction(async (tx) => Promise.all(stale.map((e) => tx.delete(e.key))));
}
