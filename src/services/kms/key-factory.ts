import type { Tag } from '../../generated/kms-types.js';
import type { KeyManagerType, KeySpec, KeyUsageType, OriginType } from '../../generated/kms-types.js';
import { randomBytes, randomUUID } from 'node:crypto';
import { generateMaterial, newMaterialId } from './crypto/material.js';
import type { KeyMaterial, KeyRecord } from './key.js';

export interface NewKey {
  account: string;
  region: string;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: OriginType;
  keyManager: KeyManagerType;
  description: string;
  policy: string;
  tags: Tag[];
  multiRegion: boolean;
  now: number;
}

export const newKeyId = (multiRegion: boolean): string => (multiRegion ? `mrk-${randomBytes(16).toString('hex')}` : randomUUID());

/** A key record with fresh material (none for EXTERNAL keys, which wait for an import). */
export async function buildKey(n: NewKey, keyId = newKeyId(n.multiRegion)): Promise<KeyRecord> {
  const materials: KeyMaterial[] = [];
  if (n.origin === 'AWS_KMS') materials.push(await freshMaterial(n.keySpec, n.now));
  const k: KeyRecord = {
    v: 1,
    keyId,
    account: n.account,
    region: n.region,
    createdAt: n.now,
    description: n.description,
    keySpec: n.keySpec,
    keyUsage: n.keyUsage,
    origin: n.origin,
    keyManager: n.keyManager,
    disabled: false,
    policy: n.policy,
    tags: n.tags,
    rotation: { enabled: false },
    materials,
  };
  if (materials[0]) k.currentMaterialId = materials[0].id;
  if (n.multiRegion) k.multiRegion = { primaryRegion: n.region, replicaRegions: [] };
  return k;
}

export async function freshMaterial(spec: KeySpec, now: number): Promise<KeyMaterial> {
  const g = await generateMaterial(spec);
  const m: KeyMaterial = { id: newMaterialId(), secret: g.secret.toString('base64'), createdAt: now };
  if (g.publicKey) m.publicKey = g.publicKey.toString('base64');
  return m;
}
