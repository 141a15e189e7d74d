import type { DetachGroupPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { detach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const detachGroupPolicy: Operation<DetachGroupPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DetachGroupPolicy',
  action: 'iam:DetachGroupPolicy',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await detach(ctx, 'group', input.GroupName, input.PolicyArn);
    return {};
  },
};
