import type { GenerateDataKeyPairRequest, GenerateDataKeyPairResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { generateDataKeyPair as makePair } from '../data-keys.js';
import { contextKeys, targetByKeyId } from '../op-support.js';
import { refuseRecipient } from '../request-checks.js';

export const generateDataKeyPair: Operation<GenerateDataKeyPairRequest, GenerateDataKeyPairResponse> = {
  service: 'kms',
  name: 'GenerateDataKeyPair',
  action: 'kms:GenerateDataKeyPair',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => ({ ...contextKeys(i.EncryptionContext), 'kms:DataKeyPairSpec': i.KeyPairSpec })),
  async handler(input, ctx) {
    refuseRecipient(input.Recipient);
    const p = await makePair(input, ctx, 'GenerateDataKeyPair', input.KeyId, input.KeyPairSpec, input.EncryptionContext, input.DryRun);
    const out: GenerateDataKeyPairResponse = {
      PrivateKeyCiphertextBlob: p.privateKeyCiphertextBlob,
      PrivateKeyPlaintext: p.privateKeyPlaintext,
      PublicKey: p.publicKey,
      KeyId: p.keyArn,
      KeyPairSpec: input.KeyPairSpec,
    };
    if (p.materialId) out.KeyMaterialId = p.materialId;
    return out;
  },
};
