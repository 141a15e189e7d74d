import type { VerifyRequest, VerifyResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { keyPair } from '../asymmetric.js';
import { checkSigningAlgorithm, verifyMessage } from '../crypto/signing.js';
import { requireUsage } from '../key-guard.js';
import { targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const verify: Operation<VerifyRequest, VerifyResponse> = {
  service: 'kms',
  name: 'Verify',
  action: 'kms:Verify',
  target: targetByKeyId(
    (i) => i.KeyId,
    {},
    (i) => ({ 'kms:SigningAlgorithm': i.SigningAlgorithm, 'kms:MessageType': i.MessageType ?? 'RAW' }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'Verify');
    requireUsage(found, 'SIGN_VERIFY', 'Verify');
    checkSigningAlgorithm(found.key.keySpec, input.SigningAlgorithm);
    const valid = verifyMessage(found.key.keySpec, input.SigningAlgorithm, keyPair(found.key).publicKey, input.Message, input.MessageType ?? 'RAW', input.Signature);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'Verify');
    // AWS never answers SignatureValid: false; a bad signature is this error, with no message.
    if (!valid) throw new AwsError('KMSInvalidSignatureException', '');
    return { KeyId: found.arn, SignatureValid: true, SigningAlgorithm: input.SigningAlgorithm };
  },
};
