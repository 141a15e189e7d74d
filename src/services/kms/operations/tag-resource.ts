import type { TagResourceRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';
import { mergeTags } from '../tags.js';

const NO_ALIASES = { aliases: false };

export const tagResource: Operation<TagResourceRequest, Record<string, never>> = {
  service: 'kms',
  name: 'TagResource',
  action: 'kms:TagResource',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => ({
      ...Object.fromEntries(i.Tags.map((t) => [`aws:RequestTag/${t.TagKey}`, t.TagValue])),
      'aws:TagKeys': i.Tags.map((t) => t.TagKey),
    }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'TagResource', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:TagResource');
    mergeTags(found.key.tags, input.Tags);
    await updateKey(ctx, found, 'TagResource', (k) => {
      k.tags = mergeTags(k.tags, input.Tags);
    });
    return {};
  },
};
