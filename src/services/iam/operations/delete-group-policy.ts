import type { DeleteGroupPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { deleteInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const deleteGroupPolicy: Operation<DeleteGroupPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteGroupPolicy',
  action: 'iam:DeleteGroupPolicy',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    await deleteInline(ctx, 'group', input.GroupName, input.PolicyName);
    return {};
  },
};
