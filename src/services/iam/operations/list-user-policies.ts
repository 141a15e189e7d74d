import type { ListUserPoliciesRequest, ListUserPoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const listUserPolicies: Operation<ListUserPoliciesRequest, ListUserPoliciesResponse> = {
  service: 'iam',
  name: 'ListUserPolicies',
  action: 'iam:ListUserPolicies',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    const page = await listInline(ctx, 'user', input.UserName, input.Marker, input.MaxItems);
    const out: ListUserPoliciesResponse = { PolicyNames: page.items, IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
