import type { ListResourceTagsRequest, ListResourceTagsResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { targetByKeyId, usableKey } from '../op-support.js';
import { page } from '../paging.js';

const NO_ALIASES = { aliases: false };

export const listResourceTags: Operation<ListResourceTagsRequest, ListResourceTagsResponse> = {
  service: 'kms',
  name: 'ListResourceTags',
  action: 'kms:ListResourceTags',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'ListResourceTags', NO_ALIASES);
    const sorted = [...found.key.tags].sort((a, b) => (a.TagKey < b.TagKey ? -1 : a.TagKey > b.TagKey ? 1 : 0));
    const p = page(sorted, (t) => t.TagKey, input.Marker, input.Limit ?? 50);
    const out: ListResourceTagsResponse = { Tags: p.items, Truncated: p.Truncated };
    if (p.NextMarker !== undefined) out.NextMarker = p.NextMarker;
    return out;
  },
};
