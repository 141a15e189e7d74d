import type { ListSecretsRequest, ListSecretsResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { catalog } from '../catalog.js';
import { compileFilters, matchesAll } from '../filters.js';
import { decodeToken, encodeToken } from '../paging.js';
import { isDeleted, type SecretRecord } from '../secret.js';
import { listView } from '../view.js';

export const listSecrets: Operation<ListSecretsRequest, ListSecretsResponse> = {
  service: 'secretsmanager',
  name: 'ListSecrets',
  action: 'secretsmanager:ListSecrets',
  async handler(input, ctx) {
    const filters = compileFilters(input.Filters);
    const cat = await catalog(ctx.app, ctx.account, ctx.region);
    const query = JSON.stringify([input.Filters ?? [], input.SortBy ?? '', input.SortOrder ?? '', input.IncludePlannedDeletion ?? false]);
    const start = decodeToken(input.NextToken, query);
    const max = input.MaxResults ?? 100;
    const keep = (r: SecretRecord): boolean => (input.IncludePlannedDeletion || !isDeleted(r)) && matchesAll(r, filters);
    const desc = input.SortOrder === 'desc';
    // A filter of plain name prefixes narrows the secrets to look at through the name index.
    const names = input.Filters?.find((f) => f.Key === 'name' && f.Values !== undefined && f.Values.every((v) => !v.startsWith('!')));
    const candidates = names ? cat.withNamePrefix(names.Values!) : cat.all();
    const { page, more } = selectPage(candidates, keep, input.SortBy ?? 'created-date', desc, start, max);
    const out: ListSecretsResponse = { SecretList: page.map(listView) };
    if (more) out.NextToken = encodeToken(start + max, query);
    return out;
  },
};

/**
 * The catalog is kept in creation order, so the default sort needs no sort at all and
 * stops as soon as the page is full; other orders sort only the matching secrets.
 */
export function selectPage(
  all: readonly SecretRecord[],
  keep: (r: SecretRecord) => boolean,
  sortBy: string,
  desc: boolean,
  start: number,
  max: number,
): { page: SecretRecord[]; more: boolean } {
  if (sortBy === 'created-date') {
    const page: SecretRecord[] = [];
    let seen = 0;
    const n = all.length;
    for (let i = 0; i < n; i++) {
      const r = all[desc ? n - 1 - i : i]!;
      if (!keep(r)) continue;
      if (seen++ < start) continue;
      if (page.length === max) return { page, more: true };
      page.push(r);
    }
    return { page, more: false };
  }
  const key = (r: SecretRecord): string | number =>
    sortBy === 'name' ? r.name : sortBy === 'last-accessed-date' ? (r.lastAccessed ?? 0) : r.lastChanged;
  const matching = all.filter(keep).sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    const c = ka < kb ? -1 : ka > kb ? 1 : a.created - b.created;
    return desc ? -c : c;
  });
  return { page: matching.slice(start, start + max), more: start + max < matching.length };
}
