import type { RetireGrantRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { grantRef, removeGrant } from '../grant-lookup.js';
import { assertState } from '../key-state.js';
import type { GrantRecord } from '../grant.js';
import { authzGrant, keyAuthz } from '../op-support.js';
import { paths } from '../repo.js';
import { dryRunStop } from '../request-checks.js';

export const retireGrant: Operation<RetireGrantRequest, Record<string, never>> = {
  service: 'kms',
  name: 'RetireGrant',
  action: 'kms:RetireGrant',
  // The grant decides who may retire it (its retiring principal, or its grantee when it includes
  // RetireGrant); policies still decide for everyone else, the key's account included.
  async target(input, ctx) {
    const ref = await grantRef(input, ctx);
    const { account, region, keyId } = ref.found.key;
    const target = keyAuthz(ref.found, ctx);
    target.grants = async () => {
      if (!/^[0-9a-f]{64}$/.test(ref.grantId)) return [];
      const g = await ctx.app.store.getJson<GrantRecord>(paths.grant(account, region, keyId, ref.grantId));
      return g ? [authzGrant(g)] : [];
    };
    return target;
  },
  async handler(input, ctx) {
    const ref = await grantRef(input, ctx);
    assertState('RetireGrant', ref.found.key, ref.found.arn, ctx.now);
    await removeGrant(ctx, ref, () => dryRunStop(input.DryRun));
    return {};
  },
};
