import type { AliasListEntry, ListAliasesRequest, ListAliasesResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { AWS_MANAGED_SERVICES } from '../alias.js';
import { isDeleted } from '../key-state.js';
import { aliasArn } from '../key.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { page } from '../paging.js';

const NO_ALIASES = { aliases: false };

export const listAliases: Operation<ListAliasesRequest, ListAliasesResponse> = {
  service: 'kms',
  name: 'ListAliases',
  action: 'kms:ListAliases',
  async target(input, ctx) {
    if (input.KeyId === undefined) return { conditionKeys: { 'kms:CallerAccount': ctx.principal.account } };
    return targetByKeyId((i: ListAliasesRequest) => i.KeyId!, NO_ALIASES)(input, ctx);
  },
  async handler(input, ctx) {
    const repo = repoOf(ctx);
    const filter = input.KeyId === undefined ? undefined : (await usableKey(input, ctx, input.KeyId, 'ListAliases', NO_ALIASES)).key.keyId;
    const entries: AliasListEntry[] = [];
    const named = new Set<string>();
    for (const a of await repo.listAliases(ctx.account, ctx.region)) {
      named.add(a.aliasName);
      if (filter !== undefined && a.targetKeyId !== filter) continue;
      const key = await repo.getKey(ctx.account, ctx.region, a.targetKeyId);
      if (!key || isDeleted(key, ctx.now)) continue;
      entries.push({
        AliasName: a.aliasName,
        AliasArn: aliasArn(ctx.region, ctx.account, a.aliasName),
        TargetKeyId: a.targetKeyId,
        CreationDate: new Date(a.createdAt),
        LastUpdatedDate: new Date(a.updatedAt),
      });
    }
    // AWS lists its predefined aliases even before their managed key exists, without a target.
    if (filter === undefined) {
      for (const service of AWS_MANAGED_SERVICES) {
        const name = `alias/aws/${service}`;
        if (!named.has(name)) entries.push({ AliasName: name, AliasArn: aliasArn(ctx.region, ctx.account, name) });
      }
    }
    entries.sort((a, b) => (a.AliasName! < b.AliasName! ? -1 : 1));
    const p = page(entries, (e) => e.AliasName!, input.Marker, input.Limit ?? 50);
    const out: ListAliasesResponse = { Aliases: p.items, Truncated: p.Truncated };
    if (p.NextMarker !== undefined) out.NextMarker = p.NextMarker;
    return out;
  },
};
