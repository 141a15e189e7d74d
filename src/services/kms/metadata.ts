import type { KeyMetadata, MultiRegionConfiguration } from '../../generated/kms-types.js';
import { CUSTOMER_MASTER_KEY_SPECS, algorithmsFor } from './key-specs.js';
import { currentMaterial, keyArn, type CustomerMasterKeySpec, type KeyRecord } from './key.js';
import { keyState } from './key-state.js';

export function multiRegionConfiguration(k: KeyRecord): MultiRegionConfiguration | undefined {
  const mr = k.multiRegion;
  if (!mr) return undefined;
  return {
    MultiRegionKeyType: mr.primaryRegion === k.region ? 'PRIMARY' : 'REPLICA',
    PrimaryKey: { Arn: keyArn(mr.primaryRegion, k.account, k.keyId), Region: mr.primaryRegion },
    ReplicaKeys: mr.replicaRegions.map((r) => ({ Arn: keyArn(r, k.account, k.keyId), Region: r })),
  };
}

/** KeyMetadata with every field AWS returns for the key's spec and state, in AWS's order. */
export function keyMetadata(k: KeyRecord, now: number): KeyMetadata {
  const state = keyState(k, now);
  const m: KeyMetadata = {
    AWSAccountId: k.account,
    KeyId: k.keyId,
    Arn: keyArn(k.region, k.account, k.keyId),
    CreationDate: new Date(k.createdAt),
    Enabled: state === 'Enabled',
    Description: k.description,
    KeyUsage: k.keyUsage,
    KeyState: state,
  };
  if (state === 'PendingDeletion' && k.deletion) m.DeletionDate = new Date(k.deletion.date);
  const material = currentMaterial(k);
  const imported = material?.secret !== undefined ? material.imported : undefined;
  if (imported?.validTo !== undefined && state !== 'PendingImport') m.ValidTo = new Date(imported.validTo);
  m.Origin = k.origin;
  if (imported && state !== 'PendingImport') m.ExpirationModel = imported.expirationModel;
  m.KeyManager = k.keyManager;
  if (CUSTOMER_MASTER_KEY_SPECS.has(k.keySpec)) m.CustomerMasterKeySpec = k.keySpec as CustomerMasterKeySpec;
  m.KeySpec = k.keySpec;
  Object.assign(m, algorithmsFor(k.keySpec, k.keyUsage));
  m.MultiRegion = k.multiRegion !== undefined;
  const mrc = multiRegionConfiguration(k);
  if (mrc) m.MultiRegionConfiguration = mrc;
  if (state === 'PendingReplicaDeletion' && k.deletion) m.PendingDeletionWindowInDays = k.deletion.windowDays;
  if (material && material.secret !== undefined && state !== 'PendingImport') m.CurrentKeyMaterialId = material.id;
  return m;
}
