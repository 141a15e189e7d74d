import type { GetKeyRotationStatusRequest, GetKeyRotationStatusResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { targetByKeyId, usableKey } from '../op-support.js';
import { requireRotatable } from '../rotation.js';

const NO_ALIASES = { aliases: false };

export const getKeyRotationStatus: Operation<GetKeyRotationStatusRequest, GetKeyRotationStatusResponse> = {
  service: 'kms',
  name: 'GetKeyRotationStatus',
  action: 'kms:GetKeyRotationStatus',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GetKeyRotationStatus', NO_ALIASES);
    const k = found.key;
    const mr = k.multiRegion;
    // A replica reports its primary's schedule; imported keys rotate on demand only.
    if (!(mr && mr.primaryRegion !== k.region)) requireRotatable(found, { external: true });
    const r = k.rotation;
    const out: GetKeyRotationStatusResponse = { KeyRotationEnabled: r.enabled, KeyId: found.arn };
    if (r.enabled && r.periodDays !== undefined) out.RotationPeriodInDays = r.periodDays;
    if (r.enabled && r.nextAt !== undefined) out.NextRotationDate = new Date(r.nextAt);
    return out;
  },
};
