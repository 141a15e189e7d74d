import type { CancelRotateSecretRequest, CancelRotateSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { AWSCURRENT, AWSPENDING, versionWithStage } from '../secret.js';

export const cancelRotateSecret: Operation<CancelRotateSecretRequest, CancelRotateSecretResponse> = {
  service: 'secretsmanager',
  name: 'CancelRotateSecret',
  action: 'secretsmanager:CancelRotateSecret',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    const pending = versionWithStage(r, AWSPENDING);
    const { record } = await mutate(ctx, r, (fresh) => {
      fresh.rotation.requested = true;
      fresh.rotation.enabled = false;
      delete fresh.rotation.next;
      fresh.lastChanged = ctx.now;
    });
    const out: CancelRotateSecretResponse = { ARN: record.arn, Name: record.name };
    // An unfinished rotation's version is reported; its AWSPENDING label stays, as in AWS.
    if (pending !== undefined && pending !== versionWithStage(record, AWSCURRENT)) out.VersionId = pending;
    return out;
  },
};
