import type { DisableKeyRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const disableKey: Operation<DisableKeyRequest, Record<string, never>> = {
  service: 'kms',
  name: 'DisableKey',
  action: 'kms:DisableKey',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'DisableKey', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:DisableKey');
    await updateKey(ctx, found, 'DisableKey', (k) => {
      k.disabled = true;
    });
    return {};
  },
};
