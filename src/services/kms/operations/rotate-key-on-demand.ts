import type { RotateKeyOnDemandRequest, RotateKeyOnDemandResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';
import { MAX_ON_DEMAND_ROTATIONS, requireRotatable, rotate, rotations } from '../rotation.js';

const NO_ALIASES = { aliases: false };

export const rotateKeyOnDemand: Operation<RotateKeyOnDemandRequest, RotateKeyOnDemandResponse> = {
  service: 'kms',
  name: 'RotateKeyOnDemand',
  action: 'kms:RotateKeyOnDemand',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'RotateKeyOnDemand', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:RotateKeyOnDemand');
    requireRotatable(found, { external: true });
    await updateKey(ctx, found, 'RotateKeyOnDemand', async (k, w) => {
      if (rotations(k).filter((m) => m.rotationType === 'ON_DEMAND').length >= MAX_ON_DEMAND_ROTATIONS) {
        throw new AwsError(
          'LimitExceededException',
          `The key ${found.arn} has reached the limit of ${MAX_ON_DEMAND_ROTATIONS} on-demand rotations.`,
        );
      }
      await rotate(w, k, 'ON_DEMAND', ctx.now);
    });
    return { KeyId: found.arn };
  },
};
