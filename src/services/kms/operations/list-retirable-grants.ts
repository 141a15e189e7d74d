import type { ListGrantsResponse, ListRetirableGrantsRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { grantEntry, type GrantRecord } from '../grant.js';
import { repoOf } from '../op-support.js';
import { page } from '../paging.js';
import { paths } from '../repo.js';

export const listRetirableGrants: Operation<ListRetirableGrantsRequest, ListGrantsResponse> = {
  service: 'kms',
  name: 'ListRetirableGrants',
  action: 'kms:ListRetirableGrants',
  async handler(input, ctx) {
    const entries = await repoOf(ctx).store.listAll(paths.grants(ctx.account, ctx.region));
    const grants = entries
      .map((e) => JSON.parse(e.value.toString('utf8')) as GrantRecord)
      .filter((g) => g.retiringPrincipal === input.RetiringPrincipal)
      .sort((a, b) => (a.grantId < b.grantId ? -1 : 1));
    const p = page(grants, (g) => g.grantId, input.Marker, input.Limit ?? 50);
    const out: ListGrantsResponse = { Grants: p.items.map((g) => grantEntry(g, ctx.region, ctx.account)), Truncated: p.Truncated };
    if (p.NextMarker !== undefined) out.NextMarker = p.NextMarker;
    return out;
  },
};
