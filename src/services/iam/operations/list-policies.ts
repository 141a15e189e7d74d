import type { ListPoliciesRequest, ListPoliciesResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import type { ManagedPolicyRecord } from '../records.js';
import { iamReader } from '../repo.js';
import { policyView } from '../view.js';

/** OnlyAttached: in use the way PolicyUsageFilter says (either way when it is absent). */
function inUse(p: ManagedPolicyRecord, filter: ListPoliciesRequest['PolicyUsageFilter']): boolean {
  if (filter === 'PermissionsBoundary') return p.boundaryUsageCount > 0;
  if (filter === 'PermissionsPolicy') return p.attachmentCount > 0;
  return p.attachmentCount > 0 || p.boundaryUsageCount > 0;
}

export const listPolicies: Operation<ListPoliciesRequest, ListPoliciesResponse> = {
  service: 'iam',
  name: 'ListPolicies',
  action: 'iam:ListPolicies',
  // coffer has no AWS managed policies: Scope=AWS lists nothing.
  async handler(input, ctx) {
    const prefix = input.PathPrefix ?? '/';
    const all = input.Scope === 'AWS' ? [] : await iamReader(ctx).policies();
    const policies = all.filter((p) => p.path.startsWith(prefix) && (!input.OnlyAttached || inUse(p, input.PolicyUsageFilter)));
    const page = paginate(policies, (p) => p.name.toLowerCase(), input.Marker, input.MaxItems);
    const out: ListPoliciesResponse = { Policies: page.items.map((p) => policyView(p, 'never')), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
