import type { EnableKeyRotationRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';
import { DAY_MS, DEFAULT_ROTATION_DAYS, requireRotatable, rotations } from '../rotation.js';

const NO_ALIASES = { aliases: false };

export const enableKeyRotation: Operation<EnableKeyRotationRequest, Record<string, never>> = {
  service: 'kms',
  name: 'EnableKeyRotation',
  action: 'kms:EnableKeyRotation',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => ({ 'kms:RotationPeriodInDays': String(i.RotationPeriodInDays ?? DEFAULT_ROTATION_DAYS) }),
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'EnableKeyRotation', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:EnableKeyRotation');
    requireRotatable(found, { external: false });
    const days = input.RotationPeriodInDays ?? DEFAULT_ROTATION_DAYS;
    await updateKey(ctx, found, 'EnableKeyRotation', (k) => {
      // The next date counts from the last automatic rotation, or from now when rotation starts.
      const was = k.rotation;
      const enabledAt = was.enabled ? (was.enabledAt ?? ctx.now) : ctx.now;
      const lastAutomatic = rotations(k).filter((m) => m.rotationType === 'AUTOMATIC' && (m.rotatedAt ?? 0) >= enabledAt).at(-1)?.rotatedAt;
      const since = lastAutomatic ?? enabledAt;
      k.rotation = { enabled: true, enabledAt, periodDays: days, nextAt: Math.max(since + days * DAY_MS, ctx.now) };
    });
    return {};
  },
};
