import type { GetPolicyRequest, GetPolicyResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { parsePolicyArn } from '../arns.js';
import { invalidArn, policyNotFound } from '../errors.js';
import { iamReader } from '../repo.js';
import { policyView } from '../view.js';

export const getPolicy: Operation<GetPolicyRequest, GetPolicyResponse> = {
  service: 'iam',
  name: 'GetPolicy',
  action: 'iam:GetPolicy',
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, ctx) {
    if (!parsePolicyArn(input.PolicyArn)) throw invalidArn(input.PolicyArn);
    const p = await iamReader(ctx).policyByArn(input.PolicyArn);
    if (!p) throw policyNotFound(input.PolicyArn);
    return { Policy: policyView(p, 'always') };
  },
};
