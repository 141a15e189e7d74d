import type { PutUserPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { putInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const putUserPolicy: Operation<PutUserPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'PutUserPolicy',
  action: 'iam:PutUserPolicy',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    await putInline(ctx, 'user', input.UserName, input.PolicyName, input.PolicyDocument);
    return {};
  },
};
