import type { GenerateDataKeyPairWithoutPlaintextRequest, GenerateDataKeyPairWithoutPlaintextResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { generateDataKeyPair } from '../data-keys.js';
import { contextKeys, targetByKeyId } from '../op-support.js';

export const generateDataKeyPairWithoutPlaintext: Operation<GenerateDataKeyPairWithoutPlaintextRequest, GenerateDataKeyPairWithoutPlaintextResponse> = {
  service: 'kms',
  name: 'GenerateDataKeyPairWithoutPlaintext',
  action: 'kms:GenerateDataKeyPairWithoutPlaintext',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => ({ ...contextKeys(i.EncryptionContext), 'kms:DataKeyPairSpec': i.KeyPairSpec })),
  async handler(input, ctx) {
    const p = await generateDataKeyPair(input, ctx, 'GenerateDataKeyPairWithoutPlaintext', input.KeyId, input.KeyPairSpec, input.EncryptionContext, input.DryRun);
    const out: GenerateDataKeyPairWithoutPlaintextResponse = {
      PrivateKeyCiphertextBlob: p.privateKeyCiphertextBlob,
      PublicKey: p.publicKey,
      KeyId: p.keyArn,
      KeyPairSpec: input.KeyPairSpec,
    };
    if (p.materialId) out.KeyMaterialId = p.materialId;
    return out;
  },
};
