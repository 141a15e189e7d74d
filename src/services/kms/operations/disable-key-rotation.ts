import type { DisableKeyRotationRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';
import { requireRotatable } from '../rotation.js';

const NO_ALIASES = { aliases: false };

export const disableKeyRotation: Operation<DisableKeyRotationRequest, Record<string, never>> = {
  service: 'kms',
  name: 'DisableKeyRotation',
  action: 'kms:DisableKeyRotation',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'DisableKeyRotation', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:DisableKeyRotation');
    requireRotatable(found, { external: false });
    await updateKey(ctx, found, 'DisableKeyRotation', (k) => {
      k.rotation = { enabled: false };
    });
    return {};
  },
};
