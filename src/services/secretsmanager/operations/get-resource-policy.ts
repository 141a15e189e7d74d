import type { GetResourcePolicyRequest, GetResourcePolicyResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { resolve, secretTarget } from '../repo.js';

export const getResourcePolicy: Operation<GetResourcePolicyRequest, GetResourcePolicyResponse> = {
  service: 'secretsmanager',
  name: 'GetResourcePolicy',
  action: 'secretsmanager:GetResourcePolicy',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolve(ctx, input.SecretId);
    const out: GetResourcePolicyResponse = { ARN: r.arn, Name: r.name };
    if (r.policy !== undefined) out.ResourcePolicy = r.policy;
    return out;
  },
};
