import type { RetireGrantRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { grantRef, removeGrant } from '../grant-lookup.js';
import { assertState } from '../key-state.js';
import { keyAuthz } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';

export const retireGrant: Operation<RetireGrantRequest, Record<string, never>> = {
  service: 'kms',
  name: 'RetireGrant',
  action: 'kms:RetireGrant',
  async target(input, ctx) {
    return keyAuthz((await grantRef(input, ctx)).found, ctx);
  },
  async handler(input, ctx) {
    const ref = await grantRef(input, ctx);
    assertState('RetireGrant', ref.found.key, ref.found.arn, ctx.now);
    await removeGrant(ctx, ref, () => dryRunStop(input.DryRun));
    return {};
  },
};
