import type { EncryptRequest, EncryptResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { encryptWith, requireEncryptDecrypt } from '../envelope.js';
import { contextKeys, targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const encrypt: Operation<EncryptRequest, EncryptResponse> = {
  service: 'kms',
  name: 'Encrypt',
  action: 'kms:Encrypt',
  target: targetByKeyId(
    (i) => i.KeyId,
    {},
    (i) => ({ ...contextKeys(i.EncryptionContext), 'kms:EncryptionAlgorithm': i.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT' }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'Encrypt');
    requireEncryptDecrypt(found, 'Encrypt');
    const alg = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const sealed = encryptWith(found, alg, input.Plaintext, input.EncryptionContext);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'Encrypt');
    return { CiphertextBlob: sealed.blob, KeyId: found.arn, EncryptionAlgorithm: alg };
  },
};
