import type { GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { dataKeyLength, generateDataKey } from '../data-keys.js';
import { contextKeys, targetByKeyId } from '../op-support.js';

export const generateDataKeyWithoutPlaintext: Operation<GenerateDataKeyWithoutPlaintextRequest, GenerateDataKeyWithoutPlaintextResponse> = {
  service: 'kms',
  name: 'GenerateDataKeyWithoutPlaintext',
  action: 'kms:GenerateDataKeyWithoutPlaintext',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => contextKeys(i.EncryptionContext)),
  async handler(input, ctx) {
    const length = dataKeyLength(input.KeySpec, input.NumberOfBytes);
    const dk = await generateDataKey(input, ctx, 'GenerateDataKeyWithoutPlaintext', input.KeyId, length, input.EncryptionContext, input.DryRun);
    const out: GenerateDataKeyWithoutPlaintextResponse = { CiphertextBlob: dk.ciphertextBlob, KeyId: dk.keyArn };
    if (dk.materialId) out.KeyMaterialId = dk.materialId;
    return out;
  },
};
