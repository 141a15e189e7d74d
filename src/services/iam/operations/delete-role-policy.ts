import type { DeleteRolePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { deleteInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const deleteRolePolicy: Operation<DeleteRolePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteRolePolicy',
  action: 'iam:DeleteRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    await deleteInline(ctx, 'role', input.RoleName, input.PolicyName);
    return {};
  },
};
