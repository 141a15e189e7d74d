import type { DetachUserPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { detach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const detachUserPolicy: Operation<DetachUserPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DetachUserPolicy',
  action: 'iam:DetachUserPolicy',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await detach(ctx, 'user', input.UserName, input.PolicyArn);
    return {};
  },
};
