import type { ListUsersRequest, ListUsersResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { iamReader } from '../repo.js';
import { userView } from '../view.js';

export const listUsers: Operation<ListUsersRequest, ListUsersResponse> = {
  service: 'iam',
  name: 'ListUsers',
  action: 'iam:ListUsers',
  async handler(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const users = (await iamReader(ctx).entities('user')).filter((u) => u.path.startsWith(prefix));
    const page = paginate(users, (u) => u.name.toLowerCase(), input.Marker, input.MaxItems);
    const out: ListUsersResponse = { Users: page.items.map((u) => userView(u, false)), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
