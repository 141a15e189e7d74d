import type { ListAttachedUserPoliciesRequest, ListAttachedUserPoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { listAttached } from '../attachments.js';
import { entityTarget } from '../target.js';
import { attachedView } from '../view.js';

export const listAttachedUserPolicies: Operation<ListAttachedUserPoliciesRequest, ListAttachedUserPoliciesResponse> = {
  service: 'iam',
  name: 'ListAttachedUserPolicies',
  action: 'iam:ListAttachedUserPolicies',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    const page = await listAttached(ctx, 'user', input.UserName, input.PathPrefix, input.Marker, input.MaxItems);
    const out: ListAttachedUserPoliciesResponse = { AttachedPolicies: page.items.map(attachedView), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
