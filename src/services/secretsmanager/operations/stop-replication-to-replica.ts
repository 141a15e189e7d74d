import type { StopReplicationToReplicaRequest, StopReplicationToReplicaResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { catalog } from '../catalog.js';
import { invalidRequest } from '../errors.js';
import { mutate, resolve, secretTarget } from '../repo.js';
import { arnInRegion } from '../secret.js';

/** Called in the replica's region: the replica becomes a standalone secret. */
export const stopReplicationToReplica: Operation<StopReplicationToReplicaRequest, StopReplicationToReplicaResponse> = {
  service: 'secretsmanager',
  name: 'StopReplicationToReplica',
  action: 'secretsmanager:StopReplicationToReplica',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolve(ctx, input.SecretId);
    const primaryRegion = r.primaryRegion;
    if (primaryRegion === undefined) throw invalidRequest('StopReplicationToReplica can only be called on a replica secret.');
    const primary = (await catalog(ctx.app, r.account, primaryRegion)).byArn(arnInRegion(r.arn, primaryRegion));
    if (primary) {
      await mutate(ctx, primary, (fresh) => {
        fresh.replicas = (fresh.replicas ?? []).filter((s) => s.region !== r.region);
        if (fresh.replicas.length === 0) delete fresh.replicas;
      });
    }
    const { record } = await mutate(ctx, r, (fresh) => {
      delete fresh.primaryRegion;
      fresh.lastChanged = ctx.now;
    });
    return { ARN: record.arn };
  },
};
