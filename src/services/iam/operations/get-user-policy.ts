import type { GetUserPolicyRequest, GetUserPolicyResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { getInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const getUserPolicy: Operation<GetUserPolicyRequest, GetUserPolicyResponse> = {
  service: 'iam',
  name: 'GetUserPolicy',
  action: 'iam:GetUserPolicy',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    const { entity, policy } = await getInline(ctx, 'user', input.UserName, input.PolicyName);
    return { UserName: entity, PolicyName: policy.name, PolicyDocument: policy.document };
  },
};
