import type { GetGroupPolicyRequest, GetGroupPolicyResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { getInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const getGroupPolicy: Operation<GetGroupPolicyRequest, GetGroupPolicyResponse> = {
  service: 'iam',
  name: 'GetGroupPolicy',
  action: 'iam:GetGroupPolicy',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    const { entity, policy } = await getInline(ctx, 'group', input.GroupName, input.PolicyName);
    return { GroupName: entity, PolicyName: policy.name, PolicyDocument: policy.document };
  },
};
