import type { ReEncryptRequest, ReEncryptResponse } from '../../../generated/kms-types.js';
import { authorizeAction } from '../../../protocol/authorize.js';
import type { Operation } from '../../../protocol/operation.js';
import { invalidCiphertext } from '../ciphertext.js';
import { blobKeyId, checkDecryptKey, decryptWith, encryptWith, requireEncryptDecrypt } from '../envelope.js';
import { assertState } from '../key-state.js';
import { aliasKeys, checkGrantTokens, contextKeys, keyAuthz, keyFor, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';
import { decryptKey } from './decrypt.js';

/**
 * Decrypt under the source key and encrypt under the destination, without the plaintext
 * leaving KMS. The dispatcher decides kms:ReEncryptFrom on the source key; the destination
 * key needs kms:ReEncryptTo, decided here before anything is decrypted.
 */
export const reEncrypt: Operation<ReEncryptRequest, ReEncryptResponse> = {
  service: 'kms',
  name: 'ReEncrypt',
  action: 'kms:ReEncryptFrom',
  async target(input, ctx) {
    checkGrantTokens(input.GrantTokens);
    const found = await decryptKey(input, ctx, input.CiphertextBlob ?? Buffer.alloc(0), input.SourceKeyId);
    return keyAuthz(found, ctx, {
      ...aliasKeys(input.SourceKeyId),
      ...contextKeys(input.SourceEncryptionContext),
      'kms:EncryptionAlgorithm': input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT',
    });
  },
  async handler(input, ctx) {
    const blob = input.CiphertextBlob;
    if (!blob) throw invalidCiphertext();
    const source = await decryptKey(input, ctx, blob, input.SourceKeyId);
    const destination = await keyFor(input, ctx, input.DestinationKeyId);
    await authorizeAction(
      ctx,
      'kms:ReEncryptTo',
      keyAuthz(destination, ctx, {
        ...aliasKeys(input.DestinationKeyId),
        ...contextKeys(input.DestinationEncryptionContext),
        'kms:EncryptionAlgorithm': input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT',
        'kms:ReEncryptOnSameKey': String(destination.arn === source.arn),
      }),
    );
    assertState('ReEncrypt', source.key, source.arn, ctx.now);
    const srcAlg = input.SourceEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const { parsed } = blobKeyId(blob);
    checkDecryptKey(source, parsed, srcAlg);
    requireEncryptDecrypt(source, 'ReEncrypt');
    const opened = decryptWith(source, srcAlg, blob, parsed, input.SourceEncryptionContext);

    const dest = await usableKey(input, ctx, input.DestinationKeyId, 'ReEncrypt');
    requireEncryptDecrypt(dest, 'ReEncrypt');
    const destAlg = input.DestinationEncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const sealed = encryptWith(dest, destAlg, opened.plaintext, input.DestinationEncryptionContext);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, source, 'ReEncrypt');
    recordUsage(repoOf(ctx), ctx, dest, 'ReEncrypt');
    const out: ReEncryptResponse = {
      CiphertextBlob: sealed.blob,
      SourceKeyId: source.arn,
      KeyId: dest.arn,
      SourceEncryptionAlgorithm: srcAlg,
      DestinationEncryptionAlgorithm: destAlg,
    };
    if (opened.materialId) out.SourceKeyMaterialId = opened.materialId;
    if (sealed.materialId) out.DestinationKeyMaterialId = sealed.materialId;
    return out;
  },
};
