import type { DeleteResourcePolicyRequest, DeleteResourcePolicyResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';

export const deleteResourcePolicy: Operation<DeleteResourcePolicyRequest, DeleteResourcePolicyResponse> = {
  service: 'secretsmanager',
  name: 'DeleteResourcePolicy',
  action: 'secretsmanager:DeleteResourcePolicy',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true });
    if (r.policy === undefined) return { ARN: r.arn, Name: r.name };
    const { record } = await mutate(ctx, r, (fresh) => {
      delete fresh.policy;
      fresh.lastChanged = ctx.now;
    });
    await syncReplicas(ctx, record);
    return { ARN: record.arn, Name: record.name };
  },
};
