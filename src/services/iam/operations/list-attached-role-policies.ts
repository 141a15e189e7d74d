import type { ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listAttached } from '../attachments.js';
import { entityTarget } from '../target.js';
import { attachedView } from '../view.js';

export const listAttachedRolePolicies: Operation<ListAttachedRolePoliciesRequest, ListAttachedRolePoliciesResponse> = {
  service: 'iam',
  name: 'ListAttachedRolePolicies',
  action: 'iam:ListAttachedRolePolicies',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    const page = await listAttached(ctx, 'role', input.RoleName, input.PathPrefix, input.Marker, input.MaxItems);
    const out: ListAttachedRolePoliciesResponse = { AttachedPolicies: page.items.map(attachedView), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
