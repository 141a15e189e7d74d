import type { ListUserTagsRequest, ListUserTagsResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { iamReader } from '../repo.js';
import { sortedTags } from '../tags.js';
import { entityTarget } from '../target.js';

export const listUserTags: Operation<ListUserTagsRequest, ListUserTagsResponse> = {
  service: 'iam',
  name: 'ListUserTags',
  action: 'iam:ListUserTags',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    const e = await iamReader(ctx).requireEntity('user', input.UserName);
    const page = paginate(sortedTags(e.tags), (t) => t.Key, input.Marker, input.MaxItems);
    const out: ListUserTagsResponse = { Tags: page.items, IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
