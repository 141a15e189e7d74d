import type { ListAttachedGroupPoliciesRequest, ListAttachedGroupPoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listAttached } from '../attachments.js';
import { entityTarget } from '../target.js';
import { attachedView } from '../view.js';

export const listAttachedGroupPolicies: Operation<ListAttachedGroupPoliciesRequest, ListAttachedGroupPoliciesResponse> = {
  service: 'iam',
  name: 'ListAttachedGroupPolicies',
  action: 'iam:ListAttachedGroupPolicies',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    const page = await listAttached(ctx, 'group', input.GroupName, input.PathPrefix, input.Marker, input.MaxItems);
    const out: ListAttachedGroupPoliciesResponse = { AttachedPolicies: page.items.map(attachedView), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
