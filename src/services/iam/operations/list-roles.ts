import type { ListRolesRequest, ListRolesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { iamReader } from '../repo.js';
import { roleView } from '../view.js';

export const listRoles: Operation<ListRolesRequest, ListRolesResponse> = {
  service: 'iam',
  name: 'ListRoles',
  action: 'iam:ListRoles',
  async handler(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const roles = (await iamReader(ctx).entities('role')).filter((r) => r.path.startsWith(prefix));
    const page = paginate(roles, (r) => r.name.toLowerCase(), input.Marker, input.MaxItems);
    const out: ListRolesResponse = { Roles: page.items.map((r) => roleView(r, 'list')), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
