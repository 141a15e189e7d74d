import type { PutKeyPolicyRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { unsupported } from '../errors.js';
import { checkKeyPolicy } from '../key-policy.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const putKeyPolicy: Operation<PutKeyPolicyRequest, Record<string, never>> = {
  service: 'kms',
  name: 'PutKeyPolicy',
  action: 'kms:PutKeyPolicy',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => ({ 'kms:BypassPolicyLockoutSafetyCheck': String(i.BypassPolicyLockoutSafetyCheck ?? false) }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'PutKeyPolicy', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:PutKeyPolicy');
    if ((input.PolicyName ?? 'default') !== 'default') throw unsupported('Only default policy is supported');
    checkKeyPolicy(input.Policy, {
      keyArn: found.arn,
      account: found.key.account,
      principal: ctx.principal,
      bypassLockoutCheck: input.BypassPolicyLockoutSafetyCheck ?? false,
      now: ctx.now,
    });
    await updateKey(ctx, found, 'PutKeyPolicy', (k) => {
      k.policy = input.Policy;
    });
    return {};
  },
};
