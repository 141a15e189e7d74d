import type { SignRequest, SignResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { keyPair } from '../asymmetric.js';
import { checkSigningAlgorithm, signMessage } from '../crypto/signing.js';
import { requireUsage } from '../key-guard.js';
import { targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const sign: Operation<SignRequest, SignResponse> = {
  service: 'kms',
  name: 'Sign',
  action: 'kms:Sign',
  target: targetByKeyId(
    (i) => i.KeyId,
    {},
    (i) => ({ 'kms:SigningAlgorithm': i.SigningAlgorithm, 'kms:MessageType': i.MessageType ?? 'RAW' }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'Sign');
    requireUsage(found, 'SIGN_VERIFY', 'Sign');
    checkSigningAlgorithm(found.key.keySpec, input.SigningAlgorithm);
    const signature = signMessage(found.key.keySpec, input.SigningAlgorithm, keyPair(found.key).privateKey(), input.Message, input.MessageType ?? 'RAW');
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'Sign');
    return { KeyId: found.arn, Signature: signature, SigningAlgorithm: input.SigningAlgorithm };
  },
};
