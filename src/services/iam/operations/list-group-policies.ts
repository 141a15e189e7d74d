import type { ListGroupPoliciesRequest, ListGroupPoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listInline } from '../inline-policies.js';
import { entityTarget } from '../target.js';

export const listGroupPolicies: Operation<ListGroupPoliciesRequest, ListGroupPoliciesResponse> = {
  service: 'iam',
  name: 'ListGroupPolicies',
  action: 'iam:ListGroupPolicies',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    const page = await listInline(ctx, 'group', input.GroupName, input.Marker, input.MaxItems);
    const out: ListGroupPoliciesResponse = { PolicyNames: page.items, IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
