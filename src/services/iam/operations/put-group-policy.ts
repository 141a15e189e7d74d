import type { PutGroupPolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { putInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const putGroupPolicy: Operation<PutGroupPolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'PutGroupPolicy',
  action: 'iam:PutGroupPolicy',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    await putInline(ctx, 'group', input.GroupName, input.PolicyName, input.PolicyDocument);
    return {};
  },
};
