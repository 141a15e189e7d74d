import type { EnableKeyRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const enableKey: Operation<EnableKeyRequest, Record<string, never>> = {
  service: 'kms',
  name: 'EnableKey',
  action: 'kms:EnableKey',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'EnableKey', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:EnableKey');
    await updateKey(ctx, found, 'EnableKey', (k) => {
      k.disabled = false;
    });
    return {};
  },
};
