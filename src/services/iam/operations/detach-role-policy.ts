import type { DetachRolePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { detach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const detachRolePolicy: Operation<DetachRolePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DetachRolePolicy',
  action: 'iam:DetachRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await detach(ctx, 'role', input.RoleName, input.PolicyArn);
    return {};
  },
};
