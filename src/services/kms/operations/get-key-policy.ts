import type { GetKeyPolicyRequest, GetKeyPolicyResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { targetByKeyId, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const getKeyPolicy: Operation<GetKeyPolicyRequest, GetKeyPolicyResponse> = {
  service: 'kms',
  name: 'GetKeyPolicy',
  action: 'kms:GetKeyPolicy',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GetKeyPolicy', NO_ALIASES);
    const name = input.PolicyName ?? 'default';
    if (name !== 'default') throw new AwsError('NotFoundException', 'No such policy exists');
    return { Policy: found.key.policy, PolicyName: 'default' };
  },
};
