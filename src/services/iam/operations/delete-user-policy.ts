import type { DeleteUserPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { deleteInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const deleteUserPolicy: Operation<DeleteUserPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteUserPolicy',
  action: 'iam:DeleteUserPolicy',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    await deleteInline(ctx, 'user', input.UserName, input.PolicyName);
    return {};
  },
};
