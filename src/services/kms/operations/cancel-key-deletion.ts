import type { CancelKeyDeletionRequest, CancelKeyDeletionResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const cancelKeyDeletion: Operation<CancelKeyDeletionRequest, CancelKeyDeletionResponse> = {
  service: 'kms',
  name: 'CancelKeyDeletion',
  action: 'kms:CancelKeyDeletion',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'CancelKeyDeletion', NO_ALIASES);
    // The key comes back Disabled (or PendingImport when it has no key material).
    await updateKey(ctx, found, 'CancelKeyDeletion', (k) => {
      delete k.deletion;
      k.disabled = true;
    });
    return { KeyId: found.arn };
  },
};
