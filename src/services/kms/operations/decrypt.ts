import type { DecryptRequest, DecryptResponse } from '../../../generated/kms-types.js';
import type { Operation, RequestContext } from '../../../protocol/operation.js';
import { invalidCiphertext } from '../ciphertext.js';
import { blobKeyId, checkDecryptKey, decryptWith, requireEncryptDecrypt } from '../envelope.js';
import type { FoundKey } from '../key-guard.js';
import { keyArn } from '../key.js';
import { aliasKeys, checkGrantTokens, contextKeys, keyAuthz, keyFor, repoOf } from '../op-support.js';
import { assertState } from '../key-state.js';
import { dryRunStop, refuseRecipient } from '../request-checks.js';
import { recordUsage } from '../usage.js';

/** The key Decrypt uses: the caller's KeyId, or the one the (symmetric) blob names. */
export function decryptKey(input: object, ctx: RequestContext, blob: Buffer, keyId: string | undefined): Promise<FoundKey> {
  if (keyId !== undefined) return keyFor(input, ctx, keyId);
  const named = blobKeyId(blob);
  if (!named.keyId || !named.account) throw invalidCiphertext();
  return keyFor(input, ctx, keyArn(ctx.region, named.account, named.keyId));
}

export const decrypt: Operation<DecryptRequest, DecryptResponse> = {
  service: 'kms',
  name: 'Decrypt',
  action: 'kms:Decrypt',
  async target(input, ctx) {
    checkGrantTokens(input.GrantTokens);
    const found = await decryptKey(input, ctx, input.CiphertextBlob ?? Buffer.alloc(0), input.KeyId);
    return keyAuthz(found, ctx, {
      ...aliasKeys(input.KeyId),
      ...contextKeys(input.EncryptionContext),
      'kms:EncryptionAlgorithm': input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT',
    });
  },
  async handler(input, ctx) {
    refuseRecipient(input.Recipient);
    const blob = input.CiphertextBlob;
    if (!blob) throw invalidCiphertext();
    const found = await decryptKey(input, ctx, blob, input.KeyId);
    assertState('Decrypt', found.key, found.arn, ctx.now);
    const alg = input.EncryptionAlgorithm ?? 'SYMMETRIC_DEFAULT';
    const { parsed } = blobKeyId(blob);
    checkDecryptKey(found, parsed, alg);
    requireEncryptDecrypt(found, 'Decrypt');
    const opened = decryptWith(found, alg, blob, parsed, input.EncryptionContext);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'Decrypt');
    const out: DecryptResponse = { KeyId: found.arn, Plaintext: opened.plaintext, EncryptionAlgorithm: alg };
    if (opened.materialId) out.KeyMaterialId = opened.materialId;
    return out;
  },
};
