import type { RotationType } from '../../generated/kms-types.js';
import { unsupported, wrongOrigin } from './errors.js';
import { freshMaterial } from './key-factory.js';
import type { FoundKey } from './key-guard.js';
import { keyArn, type KeyMaterial, type KeyRecord } from './key.js';
import type { KmsWriter } from './repo.js';

export const DAY_MS = 86_400_000;
export const DEFAULT_ROTATION_DAYS = 365;
export const MAX_ON_DEMAND_ROTATIONS = 10;

/** Only symmetric encryption keys rotate; replicas follow their primary. */
export function requireRotatable(found: FoundKey, opts: { external: boolean }): void {
  const k = found.key;
  if (k.keySpec !== 'SYMMETRIC_DEFAULT') throw unsupported(`${found.arn} key spec is ${k.keySpec} which is not valid for this operation.`);
  if (k.origin !== 'AWS_KMS' && !(opts.external && k.origin === 'EXTERNAL')) throw wrongOrigin(found.arn, k.origin);
  const mr = k.multiRegion;
  if (mr && mr.primaryRegion !== k.region) {
    throw unsupported(`${found.arn} is a multi-Region replica key. Manage rotation on its primary key ${keyArn(mr.primaryRegion, k.account, k.keyId)}.`);
  }
}

/**
 * Make new material current: fresh material for AWS_KMS keys, the imported material waiting
 * for rotation for EXTERNAL keys. Old material stays. Replicas of a multi-Region primary get
 * the same material in the same transaction.
 */
export async function rotate(w: KmsWriter, k: KeyRecord, type: RotationType, now: number): Promise<void> {
  let next: KeyMaterial | undefined;
  if (k.origin === 'EXTERNAL') {
    next = k.materials.find((m) => m.imported?.pendingRotation && m.secret !== undefined);
    if (!next) throw unsupported(`${keyArn(k.region, k.account, k.keyId)} has no imported key material waiting for rotation. Import new key material first.`);
    delete next.imported!.pendingRotation;
  } else {
    next = await freshMaterial(k.keySpec, now);
    k.materials.push(next);
  }
  next.rotationType = type;
  next.rotatedAt = now;
  k.currentMaterialId = next.id;
  if (k.multiRegion) {
    for (const region of k.multiRegion.replicaRegions) {
      const replica = await w.getKey(k.account, region, k.keyId);
      if (!replica) continue;
      const copy: KeyMaterial = JSON.parse(JSON.stringify(next)) as KeyMaterial;
      replica.materials = [...replica.materials.filter((m) => m.id !== copy.id), copy];
      replica.currentMaterialId = copy.id;
      await w.putKey(replica);
    }
  }
}

/** Rotations so far (every generation but the first), oldest first. */
export const rotations = (k: KeyRecord): KeyMaterial[] => k.materials.filter((m) => m.rotationType !== undefined);
