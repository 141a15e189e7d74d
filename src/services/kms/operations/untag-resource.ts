import type { UntagResourceRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';
import { removeTags } from '../tags.js';

const NO_ALIASES = { aliases: false };

export const untagResource: Operation<UntagResourceRequest, Record<string, never>> = {
  service: 'kms',
  name: 'UntagResource',
  action: 'kms:UntagResource',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES, (i) => ({ 'aws:TagKeys': i.TagKeys })),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'UntagResource', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:UntagResource');
    await updateKey(ctx, found, 'UntagResource', (k) => {
      k.tags = removeTags(k.tags, input.TagKeys);
    });
    return {};
  },
};
