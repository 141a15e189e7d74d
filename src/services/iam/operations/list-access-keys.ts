import type { ListAccessKeysRequest, ListAccessKeysResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { paginate } from '../paging.js';
import { targetUserName } from '../principals.js';
import { iamReader } from '../repo.js';
import { entityTarget } from '../target.js';
import { accessKeyView } from '../view.js';

export const listAccessKeys: Operation<ListAccessKeysRequest, ListAccessKeysResponse> = {
  service: 'iam',
  name: 'ListAccessKeys',
  action: 'iam:ListAccessKeys',
  target: (input, ctx) => entityTarget(ctx, 'user', targetUserName(ctx, input.UserName)),
  async handler(input, ctx) {
    const u = await iamReader(ctx).requireEntity('user', targetUserName(ctx, input.UserName));
    const page = paginate(u.accessKeys, (k) => k.id, input.Marker, input.MaxItems);
    const out: ListAccessKeysResponse = { AccessKeyMetadata: page.items.map((k) => accessKeyView(u.name, k)), IsTruncated: page.IsTruncated };
    if (page.Marker !== undefined) out.Marker = page.Marker;
    return out;
  },
};
