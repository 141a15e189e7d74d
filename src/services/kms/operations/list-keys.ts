import type { KeyListEntry, ListKeysRequest, ListKeysResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { isDeleted } from '../key-state.js';
import { keyArn } from '../key.js';
import { repoOf } from '../op-support.js';

export const listKeys: Operation<ListKeysRequest, ListKeysResponse> = {
  service: 'kms',
  name: 'ListKeys',
  action: 'kms:ListKeys',
  async handler(input, ctx) {
    const page = await repoOf(ctx).listKeyPage(ctx.account, ctx.region, input.Marker, input.Limit ?? 100);
    const Keys: KeyListEntry[] = page.keys
      .filter((k) => !isDeleted(k, ctx.now))
      .map((k) => ({ KeyId: k.keyId, KeyArn: keyArn(k.region, k.account, k.keyId) }));
    return page.next === undefined ? { Keys, Truncated: false } : { Keys, NextMarker: page.next, Truncated: true };
  },
};
