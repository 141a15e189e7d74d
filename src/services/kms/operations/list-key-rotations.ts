import type { ListKeyRotationsRequest, ListKeyRotationsResponse, RotationsListEntry } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import type { KeyMaterial, KeyRecord } from '../key.js';
import { targetByKeyId, usableKey } from '../op-support.js';
import { page } from '../paging.js';
import { requireRotatable } from '../rotation.js';

const NO_ALIASES = { aliases: false };

function entry(k: KeyRecord, arn: string, m: KeyMaterial): RotationsListEntry {
  const e: RotationsListEntry = { KeyId: arn, KeyMaterialId: m.id };
  if (m.imported) {
    if (m.imported.description !== undefined) e.KeyMaterialDescription = m.imported.description;
    e.ImportState = m.secret === undefined ? 'PENDING_IMPORT' : 'IMPORTED';
  }
  e.KeyMaterialState = m.id === k.currentMaterialId ? 'CURRENT' : m.imported?.pendingRotation ? 'PENDING_ROTATION' : 'NON_CURRENT';
  if (m.imported) {
    e.ExpirationModel = m.imported.expirationModel;
    if (m.imported.validTo !== undefined) e.ValidTo = new Date(m.imported.validTo);
  }
  if (m.rotatedAt !== undefined) e.RotationDate = new Date(m.rotatedAt);
  if (m.rotationType !== undefined) e.RotationType = m.rotationType;
  return e;
}

export const listKeyRotations: Operation<ListKeyRotationsRequest, ListKeyRotationsResponse> = {
  service: 'kms',
  name: 'ListKeyRotations',
  action: 'kms:ListKeyRotations',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'ListKeyRotations', NO_ALIASES);
    const k = found.key;
    if (!(k.multiRegion && k.multiRegion.primaryRegion !== k.region)) requireRotatable(found, { external: true });
    const all = (input.IncludeKeyMaterial ?? 'ROTATIONS_ONLY') === 'ALL_KEY_MATERIAL';
    const listed = k.materials.filter((m) => all || m.rotationType !== undefined);
    const indexed = listed.map((m, i) => ({ m, key: String(i).padStart(6, '0') }));
    const p = page(indexed, (x) => x.key, input.Marker, input.Limit ?? 100);
    const out: ListKeyRotationsResponse = { Rotations: p.items.map((x) => entry(k, found.arn, x.m)), Truncated: p.Truncated };
    if (p.NextMarker !== undefined) out.NextMarker = p.NextMarker;
    return out;
  },
};
