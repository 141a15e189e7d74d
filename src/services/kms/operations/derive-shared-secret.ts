import type { DeriveSharedSecretRequest, DeriveSharedSecretResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { keyPair } from '../asymmetric.js';
import { ecdhSharedSecret } from '../crypto/primitives.js';
import { requireUsage } from '../key-guard.js';
import { specInfo } from '../key-specs.js';
import { targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop, refuseRecipient } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const deriveSharedSecret: Operation<DeriveSharedSecretRequest, DeriveSharedSecretResponse> = {
  service: 'kms',
  name: 'DeriveSharedSecret',
  action: 'kms:DeriveSharedSecret',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => ({ 'kms:KeyAgreementAlgorithm': i.KeyAgreementAlgorithm })),
  async handler(input, ctx) {
    refuseRecipient(input.Recipient);
    const found = await usableKey(input, ctx, input.KeyId, 'DeriveSharedSecret');
    requireUsage(found, 'KEY_AGREEMENT', 'DeriveSharedSecret');
    const k = found.key;
    const secret = ecdhSharedSecret(keyPair(k).privateKey(), specInfo(k.keySpec).curve ?? '', k.keySpec, input.PublicKey);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'DeriveSharedSecret');
    return { KeyId: found.arn, SharedSecret: secret, KeyAgreementAlgorithm: input.KeyAgreementAlgorithm, KeyOrigin: k.origin };
  },
};
