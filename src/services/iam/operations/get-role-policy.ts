import type { GetRolePolicyRequest, GetRolePolicyResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { getInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const getRolePolicy: Operation<GetRolePolicyRequest, GetRolePolicyResponse> = {
  service: 'iam',
  name: 'GetRolePolicy',
  action: 'iam:GetRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    const { entity, policy } = await getInline(ctx, 'role', input.RoleName, input.PolicyName);
    return { RoleName: entity, PolicyName: policy.name, PolicyDocument: policy.document };
  },
};
