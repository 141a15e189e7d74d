import type { PutRolePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { putInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const putRolePolicy: Operation<PutRolePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'PutRolePolicy',
  action: 'iam:PutRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    await putInline(ctx, 'role', input.RoleName, input.PolicyName, input.PolicyDocument);
    return {};
  },
};
