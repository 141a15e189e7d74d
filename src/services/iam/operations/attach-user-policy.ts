import type { AttachUserPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { attach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const attachUserPolicy: Operation<AttachUserPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'AttachUserPolicy',
  action: 'iam:AttachUserPolicy',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await attach(ctx, 'user', input.UserName, input.PolicyArn);
    return {};
  },
};
