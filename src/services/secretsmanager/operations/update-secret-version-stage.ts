import type {
  UpdateSecretVersionStageRequest,
  UpdateSecretVersionStageResponse,
} from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { moveStage } from '../versions.js';

export const updateSecretVersionStage: Operation<UpdateSecretVersionStageRequest, UpdateSecretVersionStageResponse> = {
  service: 'secretsmanager',
  name: 'UpdateSecretVersionStage',
  action: 'secretsmanager:UpdateSecretVersionStage',
  target: (input, ctx) => secretTarget(ctx, input.SecretId, { 'secretsmanager:VersionStage': input.VersionStage }),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    // Checked on the cached copy first so a refused move costs no transaction.
    moveStage(structuredClone(r), input.VersionStage, input.MoveToVersionId, input.RemoveFromVersionId);
    const { record } = await mutate(ctx, r, (fresh) => {
      moveStage(fresh, input.VersionStage, input.MoveToVersionId, input.RemoveFromVersionId);
      fresh.lastChanged = ctx.now;
    });
    await syncReplicas(ctx, record);
    return { ARN: record.arn, Name: record.name };
  },
};
