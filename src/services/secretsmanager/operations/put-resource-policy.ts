import type { PutResourcePolicyRequest, PutResourcePolicyResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { grantsPublicAccess, parseResourcePolicy, publicPolicy } from '../resource-policy.js';

export const putResourcePolicy: Operation<PutResourcePolicyRequest, PutResourcePolicyResponse> = {
  service: 'secretsmanager',
  name: 'PutResourcePolicy',
  action: 'secretsmanager:PutResourcePolicy',
  target(input, ctx) {
    const keys: Record<string, string> = {};
    if (input.BlockPublicPolicy !== undefined) keys['secretsmanager:BlockPublicPolicy'] = String(input.BlockPublicPolicy);
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true });
    const statements = parseResourcePolicy(input.ResourcePolicy);
    if (input.BlockPublicPolicy && grantsPublicAccess(statements)) throw publicPolicy();
    const { record } = await mutate(ctx, r, (fresh) => {
      fresh.policy = input.ResourcePolicy;
      fresh.lastChanged = ctx.now;
    });
    await syncReplicas(ctx, record);
    return { ARN: record.arn, Name: record.name };
  },
};
