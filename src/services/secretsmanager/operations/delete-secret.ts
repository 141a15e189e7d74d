import type { DeleteSecretRequest, DeleteSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { alreadyMarkedDeleted, invalidParameter, notFound, onReplica } from '../errors.js';
import { purgePath } from '../paths.js';
import { purgeSecret } from '../purge.js';
import { lookup, mutate, secretTarget } from '../repo.js';
import { isDeleted, randomSuffix, secretArn } from '../secret.js';

const DAY = 86_400_000;

export const deleteSecret: Operation<DeleteSecretRequest, DeleteSecretResponse> = {
  service: 'secretsmanager',
  name: 'DeleteSecret',
  action: 'secretsmanager:DeleteSecret',
  target(input, ctx) {
    const keys: Record<string, string> = {};
    if (input.RecoveryWindowInDays !== undefined) keys['secretsmanager:RecoveryWindowInDays'] = String(input.RecoveryWindowInDays);
    if (input.ForceDeleteWithoutRecovery !== undefined) {
      keys['secretsmanager:ForceDeleteWithoutRecovery'] = String(input.ForceDeleteWithoutRecovery);
    }
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const force = input.ForceDeleteWithoutRecovery === true;
    const days = input.RecoveryWindowInDays;
    if (days !== undefined && force) {
      throw invalidParameter("You can't use ForceDeleteWithoutRecovery in conjunction with RecoveryWindowInDays.");
    }
    if (days !== undefined && (days < 7 || days > 30)) {
      throw invalidParameter('The RecoveryWindowInDays value must be between 7 and 30 days (inclusive).');
    }
    const r = await lookup(ctx, input.SecretId);
    if (!r) {
      if (!force) throw notFound();
      // AWS answers a forced delete of a secret it cannot find as a success.
      const isArn = input.SecretId.startsWith('arn:');
      const name = isArn ? (input.SecretId.split(':secret:')[1] ?? input.SecretId) : input.SecretId;
      const arn = isArn ? input.SecretId : secretArn(ctx.region, ctx.account, name, randomSuffix());
      return { ARN: arn, Name: name, DeletionDate: new Date(ctx.now) };
    }
    if (r.primaryRegion !== undefined) throw onReplica();
    if (r.replicas && r.replicas.length > 0) {
      throw invalidParameter(`You can't delete secret ${r.name} that still has replica regions [${r.replicas.map((x) => x.region).join(',')}]`);
    }
    if (force) {
      await purgeSecret(ctx.app, r);
      return { ARN: r.arn, Name: r.name, DeletionDate: new Date(ctx.now) };
    }
    if (isDeleted(r)) throw alreadyMarkedDeleted();
    const purgeAt = ctx.now + (days ?? 30) * DAY;
    const { record } = await mutate(ctx, r, async (fresh, tx) => {
      if (isDeleted(fresh)) throw alreadyMarkedDeleted();
      fresh.deleted = ctx.now;
      fresh.purgeAt = purgeAt;
      await tx.put(purgePath(purgeAt, fresh.account, fresh.region, fresh.sid), Buffer.alloc(0));
    });
    return { ARN: record.arn, Name: record.name, DeletionDate: new Date(purgeAt) };
  },
};
