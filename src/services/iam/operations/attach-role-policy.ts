import type { AttachRolePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { attach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const attachRolePolicy: Operation<AttachRolePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'AttachRolePolicy',
  action: 'iam:AttachRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await attach(ctx, 'role', input.RoleName, input.PolicyArn);
    return {};
  },
};
