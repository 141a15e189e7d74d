import type { GetKeyLastUsageRequest, GetKeyLastUsageResponse, KeyLastUsageTrackingOperation } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { lastUsage } from '../usage.js';

export const getKeyLastUsage: Operation<GetKeyLastUsageRequest, GetKeyLastUsageResponse> = {
  service: 'kms',
  name: 'GetKeyLastUsage',
  action: 'kms:GetKeyLastUsage',
  target: targetByKeyId((i) => i.KeyId),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GetKeyLastUsage');
    const created = new Date(found.key.createdAt);
    const out: GetKeyLastUsageResponse = { KeyId: found.arn };
    const used = await lastUsage(repoOf(ctx), found);
    if (used) {
      out.KeyLastUsage = {
        Operation: used.operation as KeyLastUsageTrackingOperation,
        Timestamp: new Date(used.timestamp),
        KmsRequestId: used.requestId,
      };
    }
    out.TrackingStartDate = created;
    out.KeyCreationDate = created;
    return out;
  },
};
