import type {
  RemoveRegionsFromReplicationRequest,
  RemoveRegionsFromReplicationResponse,
} from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { removeReplicas } from '../replication.js';
import { resolveFor, secretTarget } from '../repo.js';
import { replicationStatus } from '../view.js';

export const removeRegionsFromReplication: Operation<RemoveRegionsFromReplicationRequest, RemoveRegionsFromReplicationResponse> = {
  service: 'secretsmanager',
  name: 'RemoveRegionsFromReplication',
  action: 'secretsmanager:RemoveRegionsFromReplication',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true });
    const record = await removeReplicas(ctx, r, input.RemoveReplicaRegions);
    return { ARN: record.arn, ReplicationStatus: replicationStatus(record) ?? [] };
  },
};
