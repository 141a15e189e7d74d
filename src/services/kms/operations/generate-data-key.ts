import type { GenerateDataKeyRequest, GenerateDataKeyResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { dataKeyLength, generateDataKey as makeDataKey } from '../data-keys.js';
import { contextKeys, targetByKeyId } from '../op-support.js';
import { refuseRecipient } from '../request-checks.js';

export const generateDataKey: Operation<GenerateDataKeyRequest, GenerateDataKeyResponse> = {
  service: 'kms',
  name: 'GenerateDataKey',
  action: 'kms:GenerateDataKey',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => contextKeys(i.EncryptionContext)),
  async handler(input, ctx) {
    refuseRecipient(input.Recipient);
    const length = dataKeyLength(input.KeySpec, input.NumberOfBytes);
    const dk = await makeDataKey(input, ctx, 'GenerateDataKey', input.KeyId, length, input.EncryptionContext, input.DryRun);
    const out: GenerateDataKeyResponse = { CiphertextBlob: dk.ciphertextBlob, Plaintext: dk.plaintext, KeyId: dk.keyArn };
    if (dk.materialId) out.KeyMaterialId = dk.materialId;
    return out;
  },
};
