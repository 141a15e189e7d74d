import type { ListRolePoliciesRequest, ListRolePoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const listRolePolicies: Operation<ListRolePoliciesRequest, ListRolePoliciesResponse> = {
  service: 'iam',
  name: 'ListRolePolicies',
  action: 'iam:ListRolePolicies',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    const page = await listInline(ctx, 'role', input.RoleName, input.Marker, input.MaxItems);
    const out: ListRolePoliciesResponse = { PolicyNames: page.items, IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
