import type { ListGroupsRequest, ListGroupsResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { iamReader } from '../repo.js';
import { groupView } from '../view.js';

export const listGroups: Operation<ListGroupsRequest, ListGroupsResponse> = {
  service: 'iam',
  name: 'ListGroups',
  action: 'iam:ListGroups',
  async handler(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const groups = (await iamReader(ctx).entities('group')).filter((g) => g.path.startsWith(prefix));
    const page = paginate(groups, (g) => g.name.toLowerCase(), input.Marker, input.MaxItems);
    const out: ListGroupsResponse = { Groups: page.items.map(groupView), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
