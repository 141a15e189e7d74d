import type { AttachGroupPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { attach } from '../attachments.js';
import { entityTarget } from '../target.js';

export const attachGroupPolicy: Operation<AttachGroupPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'AttachGroupPolicy',
  action: 'iam:AttachGroupPolicy',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName, { conditionKeys: { 'iam:PolicyARN': input.PolicyArn } }),
  async handler(input, ctx) {
    await attach(ctx, 'group', input.GroupName, input.PolicyArn);
    return {};
  },
};
