import type { UpdateKeyDescriptionRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const updateKeyDescription: Operation<UpdateKeyDescriptionRequest, Record<string, never>> = {
  service: 'kms',
  name: 'UpdateKeyDescription',
  action: 'kms:UpdateKeyDescription',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'UpdateKeyDescription', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:UpdateKeyDescription');
    await updateKey(ctx, found, 'UpdateKeyDescription', (k) => {
      k.description = input.Description;
    });
    return {};
  },
};
