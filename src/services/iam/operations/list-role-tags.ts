import type { ListRoleTagsRequest, ListRoleTagsResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { iamReader } from '../repo.js';
import { sortedTags } from '../tags.js';
import { entityTarget } from '../target.js';

export const listRoleTags: Operation<ListRoleTagsRequest, ListRoleTagsResponse> = {
  service: 'iam',
  name: 'ListRoleTags',
  action: 'iam:ListRoleTags',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    const e = await iamReader(ctx).requireEntity('role', input.RoleName);
    const page = paginate(sortedTags(e.tags), (t) => t.Key, input.Marker, input.MaxItems);
    const out: ListRoleTagsResponse = { Tags: page.items, IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
