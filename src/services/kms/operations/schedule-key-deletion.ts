import type { ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { validation } from '../errors.js';
import { keyState } from '../key-state.js';
import { refuseAwsManaged, targetByKeyId, updateKey, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };
export const DAY_MS = 86_400_000;

export const scheduleKeyDeletion: Operation<ScheduleKeyDeletionRequest, ScheduleKeyDeletionResponse> = {
  service: 'kms',
  name: 'ScheduleKeyDeletion',
  action: 'kms:ScheduleKeyDeletion',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => ({ 'kms:ScheduleKeyDeletionPendingWindowInDays': String(i.PendingWindowInDays ?? 30) }),
  ),
  async handler(input, ctx) {
    const days = input.PendingWindowInDays ?? 30;
    // The model allows 1-365; KMS itself takes 7-30.
    if (days < 7 || days > 30) throw validation(`PendingWindowInDays should be between 7 and 30, but it is ${days}`);
    const found = await usableKey(input, ctx, input.KeyId, 'ScheduleKeyDeletion', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:ScheduleKeyDeletion');
    const key = await updateKey(ctx, found, 'ScheduleKeyDeletion', (k) => {
      const mr = k.multiRegion;
      // A primary key with replicas waits for them to go before its own window starts.
      const waiting = mr !== undefined && mr.primaryRegion === k.region && mr.replicaRegions.length > 0;
      k.deletion = waiting ? { date: 0, windowDays: days, waitingForReplicas: true } : { date: ctx.now + days * DAY_MS, windowDays: days };
    });
    const state = keyState(key, ctx.now);
    const out: ScheduleKeyDeletionResponse = { KeyId: found.arn };
    if (state === 'PendingDeletion') out.DeletionDate = new Date(key.deletion!.date);
    out.KeyState = state;
    out.PendingWindowInDays = days;
    return out;
  },
};
