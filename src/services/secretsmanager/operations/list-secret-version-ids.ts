import type {
  ListSecretVersionIdsRequest,
  ListSecretVersionIdsResponse,
  SecretVersionsListEntry,
} from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { decodeToken, encodeToken } from '../paging.js';
import { resolve, secretTarget } from '../repo.js';

export const listSecretVersionIds: Operation<ListSecretVersionIdsRequest, ListSecretVersionIdsResponse> = {
  service: 'secretsmanager',
  name: 'ListSecretVersionIds',
  action: 'secretsmanager:ListSecretVersionIds',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolve(ctx, input.SecretId);
    const all = Object.entries(r.versions)
      .filter(([, v]) => input.IncludeDeprecated || v.stages.length > 0)
      .sort(([ia, a], [ib, b]) => b.created - a.created || (ia < ib ? -1 : 1));
    const query = `${r.arn}|${input.IncludeDeprecated ? 1 : 0}`;
    const start = decodeToken(input.NextToken, query);
    const max = input.MaxResults ?? 100;
    const page = all.slice(start, start + max);
    const Versions = page.map(([id, v]) => {
      const e: SecretVersionsListEntry = { VersionId: id };
      // Deprecated versions appear without a VersionStages key (AWS-recorded).
      if (v.stages.length > 0) e.VersionStages = [...v.stages];
      if (v.lastAccessed !== undefined) e.LastAccessedDate = new Date(v.lastAccessed);
      e.CreatedDate = new Date(v.created);
      e.KmsKeyIds = [v.defaultKey ? 'DefaultEncryptionKey' : v.keyArn];
      return e;
    });
    const out: ListSecretVersionIdsResponse = { Versions, ARN: r.arn, Name: r.name };
    if (start + max < all.length) out.NextToken = encodeToken(start + max, query);
    return out;
  },
};
