import type { GenerateMacRequest, GenerateMacResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { macKey } from '../asymmetric.js';
import { hmac } from '../crypto/primitives.js';
import { requireUsage } from '../key-guard.js';
import { macHash } from '../mac.js';
import { targetByKeyId, usableKey, repoOf } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';
import { recordUsage } from '../usage.js';

export const generateMac: Operation<GenerateMacRequest, GenerateMacResponse> = {
  service: 'kms',
  name: 'GenerateMac',
  action: 'kms:GenerateMac',
  target: targetByKeyId((i) => i.KeyId, {}, (i) => ({ 'kms:MacAlgorithm': i.MacAlgorithm })),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GenerateMac');
    requireUsage(found, 'GENERATE_VERIFY_MAC', 'GenerateMac');
    const hash = macHash(found.key.keySpec, input.MacAlgorithm);
    const mac = hmac(hash, macKey(found.key).secret, input.Message);
    dryRunStop(input.DryRun);
    recordUsage(repoOf(ctx), ctx, found, 'GenerateMac');
    return { Mac: mac, MacAlgorithm: input.MacAlgorithm, KeyId: found.arn };
  },
};
