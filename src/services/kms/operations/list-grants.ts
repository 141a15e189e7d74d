import type { ListGrantsRequest, ListGrantsResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { grantEntry } from '../grant.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { page } from '../paging.js';

const NO_ALIASES = { aliases: false };

export const listGrants: Operation<ListGrantsRequest, ListGrantsResponse> = {
  service: 'kms',
  name: 'ListGrants',
  action: 'kms:ListGrants',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'ListGrants', NO_ALIASES);
    const { account, region, keyId } = found.key;
    const grants = await repoOf(ctx).transact((w) => w.listKeyGrants(account, region, keyId));
    const matching = grants
      .filter((g) => input.GrantId === undefined || g.grantId === input.GrantId)
      .filter((g) => input.GranteePrincipal === undefined || g.granteePrincipal === input.GranteePrincipal)
      .sort((a, b) => (a.grantId < b.grantId ? -1 : 1));
    const p = page(matching, (g) => g.grantId, input.Marker, input.Limit ?? 50);
    const out: ListGrantsResponse = { Grants: p.items.map((g) => grantEntry(g, region, account)), Truncated: p.Truncated };
    if (p.NextMarker !== undefined) out.NextMarker = p.NextMarker;
    return out;
  },
};
