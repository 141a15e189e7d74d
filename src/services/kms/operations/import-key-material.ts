import { createPrivateKey } from 'node:crypto';
import type { ImportKeyMaterialRequest, ImportKeyMaterialResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { importedMaterialId } from '../crypto/material.js';
import { unsupported, validation, wrongOrigin } from '../errors.js';
import { acceptKeyMaterial, unwrapKeyMaterial } from '../import.js';
import { reloadInTx } from '../key-guard.js';
import type { KeyMaterial } from '../key.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { paths, type ImportRecord } from '../repo.js';
import { DAY_MS } from '../rotation.js';
import { importTokenHash } from './get-parameters-for-import.js';

const NO_ALIASES = { aliases: false };

const mismatch = (): AwsError =>
  new AwsError('IncorrectKeyMaterialException', 'The key material does not match the key material previously imported into this KMS key.');

function expiry(input: ImportKeyMaterialRequest, now: number): { expirationModel: 'KEY_MATERIAL_EXPIRES' | 'KEY_MATERIAL_DOES_NOT_EXPIRE'; validTo?: number } {
  const model = input.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES';
  if (model === 'KEY_MATERIAL_DOES_NOT_EXPIRE') {
    if (input.ValidTo !== undefined) throw validation('A validTo date must not be set if the ExpirationModel is KEY_MATERIAL_DOES_NOT_EXPIRE');
    return { expirationModel: model };
  }
  if (input.ValidTo === undefined) throw validation('A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES');
  const validTo = input.ValidTo.getTime();
  if (validTo <= now) throw validation('The ValidTo date must be in the future.');
  if (validTo > now + 365 * DAY_MS) throw validation('The ValidTo date must be no more than 365 days from now.');
  return { expirationModel: model, validTo };
}

export const importKeyMaterial: Operation<ImportKeyMaterialRequest, ImportKeyMaterialResponse> = {
  service: 'kms',
  name: 'ImportKeyMaterial',
  action: 'kms:ImportKeyMaterial',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => {
      const keys: Record<string, string> = { 'kms:ExpirationModel': i.ExpirationModel ?? 'KEY_MATERIAL_EXPIRES' };
      if (i.ValidTo) keys['kms:ValidTo'] = String(Math.floor(i.ValidTo.getTime() / 1000));
      return keys;
    },
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'ImportKeyMaterial', NO_ALIASES);
    const { account, region, keyId, keySpec, keyUsage } = found.key;
    if (found.key.origin !== 'EXTERNAL') throw wrongOrigin(found.arn, found.key.origin);
    const repo = repoOf(ctx);
    const tokenPath = paths.importToken(account, region, keyId, importTokenHash(input.ImportToken));
    const params = await repo.store.getJson<ImportRecord>(tokenPath);
    if (!params) throw new AwsError('InvalidImportTokenException', 'Import token is invalid.');
    if (params.validTo <= ctx.now) throw new AwsError('ExpiredImportTokenException', 'Import token has expired.');
    const wrappingKey = createPrivateKey({ key: Buffer.from(params.privateKey, 'base64'), format: 'der', type: 'pkcs8' });
    const accepted = acceptKeyMaterial(keySpec, unwrapKeyMaterial(wrappingKey, params.wrappingAlgorithm, input.EncryptedKeyMaterial));
    const { expirationModel, validTo } = expiry(input, ctx.now);
    const id = importedMaterialId(keyId, accepted.secret);
    if (input.KeyMaterialId !== undefined && input.KeyMaterialId !== id) throw mismatch();

    await repo.transact(async (w) => {
      const k = await reloadInTx(w, found, 'ImportKeyMaterial', ctx.now);
      const importType = input.ImportType ?? (k.materials.length === 0 ? 'NEW_KEY_MATERIAL' : 'EXISTING_KEY_MATERIAL');
      let m: KeyMaterial | undefined = k.materials.find((x) => x.id === id);
      if (!m && importType === 'EXISTING_KEY_MATERIAL') throw mismatch();
      if (!m) {
        const first = k.materials.length === 0;
        if (!first && (keySpec !== 'SYMMETRIC_DEFAULT' || keyUsage !== 'ENCRYPT_DECRYPT')) {
          throw unsupported(`${found.arn} already has key material; only symmetric encryption keys take new key material.`);
        }
        if (!first && k.materials.some((x) => x.imported?.pendingRotation)) {
          throw new AwsError('KMSInvalidStateException', `${found.arn} already has imported key material waiting for rotation.`);
        }
        m = { id, createdAt: ctx.now, imported: { expirationModel } };
        if (!first) m.imported!.pendingRotation = true;
        k.materials.push(m);
        if (first) k.currentMaterialId = id;
      }
      m.secret = accepted.secret.toString('base64');
      if (accepted.publicKey) m.publicKey = accepted.publicKey.toString('base64');
      m.imported = { ...m.imported, expirationModel };
      if (validTo !== undefined) m.imported.validTo = validTo;
      else delete m.imported.validTo;
      if (input.KeyMaterialDescription !== undefined) m.imported.description = input.KeyMaterialDescription;
      if (k.currentMaterialId === undefined) k.currentMaterialId = id;
      await w.tx.delete(tokenPath);
      await w.putKey(k);
    });
    return { KeyId: found.arn, KeyMaterialId: id };
  },
};
