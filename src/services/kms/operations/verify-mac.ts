import type { VerifyMacRequest, VerifyMacResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { macKey } from '../asymmetric.js';
import { hmacMatches } from '../crypto/primitives.js';
import { requireUsage } from '../key-guard.js';
import { macHash } from '../mac.js';
import { targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const verifyMac: Operation<VerifyMacRequest, VerifyMacResponse> = {
  service: 'kms',
  name: 'VerifyMac',
  action: 'kms:VerifyMac',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => ({ 'kms:MacAlgorithm': i.MacAlgorithm })),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'VerifyMac');
    requireUsage(found, 'GENERATE_VERIFY_MAC', 'VerifyMac');
    const hash = macHash(found.key.keySpec, input.MacAlgorithm);
    const valid = hmacMatches(hash, macKey(found.key).secret, input.Message, input.Mac);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'VerifyMac');
    if (!valid) throw new AwsError('KMSInvalidMacException', '');
    return { KeyId: found.arn, MacValid: true, MacAlgorithm: input.MacAlgorithm };
  },
};
