import type { ListKeyPoliciesRequest, ListKeyPoliciesResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { targetByKeyId, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const listKeyPolicies: Operation<ListKeyPoliciesRequest, ListKeyPoliciesResponse> = {
  service: 'kms',
  name: 'ListKeyPolicies',
  action: 'kms:ListKeyPolicies',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    await usableKey(input, ctx, input.KeyId, 'ListKeyPolicies', NO_ALIASES);
    // Every key has exactly one policy, named "default".
    return { PolicyNames: ['default'], Truncated: false };
  },
};
