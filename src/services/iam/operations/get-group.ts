import type { GetGroupRequest, GetGroupResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import type { UserRecord } from '../records.js';
import { iamReader } from '../repo.js';
import { entityTarget } from '../target.js';
import { groupView, userView } from '../view.js';

/** The group and (a page of) its members. */
export const getGroup: Operation<GetGroupRequest, GetGroupResponse> = {
  service: 'iam',
  name: 'GetGroup',
  action: 'iam:GetGroup',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    const reader = iamReader(ctx);
    const g = await reader.requireEntity('group', input.GroupName);
    const names = [...g.members].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    const page = paginate(names, (n) => n.toLowerCase(), input.Marker, input.MaxItems);
    const users = (await Promise.all(page.items.map((n) => reader.entity('user', n)))).filter((u): u is UserRecord => u !== undefined);
    const out: GetGroupResponse = { Group: groupView(g), Users: users.map((u) => userView(u, false)), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
