import type { ListGroupsForUserRequest, ListGroupsForUserResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import type { GroupRecord } from '../records.js';
import { iamReader } from '../repo.js';
import { entityTarget } from '../target.js';
import { groupView } from '../view.js';

export const listGroupsForUser: Operation<ListGroupsForUserRequest, ListGroupsForUserResponse> = {
  service: 'iam',
  name: 'ListGroupsForUser',
  action: 'iam:ListGroupsForUser',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    const reader = iamReader(ctx);
    const u = await reader.requireEntity('user', input.UserName);
    const groups = (await Promise.all(u.groups.map((n) => reader.entity('group', n))))
      .filter((g): g is GroupRecord => g !== undefined)
      .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
    const page = paginate(groups, (g) => g.name.toLowerCase(), input.Marker, input.MaxItems);
    const out: ListGroupsForUserResponse = { Groups: page.items.map(groupView), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
