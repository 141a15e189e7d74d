import type { RevokeGrantRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { removeGrant } from '../grant-lookup.js';
import { targetByKeyId, usableKey } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';

const NO_ALIASES = { aliases: false };

export const revokeGrant: Operation<RevokeGrantRequest, Record<string, never>> = {
  service: 'kms',
  name: 'RevokeGrant',
  action: 'kms:RevokeGrant',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'RevokeGrant', NO_ALIASES);
    await removeGrant(ctx, { found, grantId: input.GrantId }, () => dryRunStop(input.DryRun));
    return {};
  },
};
