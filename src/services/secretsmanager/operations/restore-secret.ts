import type { RestoreSecretRequest, RestoreSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { purgePath } from '../paths.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';

export const restoreSecret: Operation<RestoreSecretRequest, RestoreSecretResponse> = {
  service: 'secretsmanager',
  name: 'RestoreSecret',
  action: 'secretsmanager:RestoreSecret',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true });
    if (r.deleted === undefined) return { ARN: r.arn, Name: r.name };
    const { record } = await mutate(ctx, r, async (fresh, tx) => {
      if (fresh.purgeAt !== undefined) await tx.delete(purgePath(fresh.purgeAt, fresh.account, fresh.region, fresh.sid));
      delete fresh.deleted;
      delete fresh.purgeAt;
      fresh.lastChanged = ctx.now;
    });
    return { ARN: record.arn, Name: record.name };
  },
};
