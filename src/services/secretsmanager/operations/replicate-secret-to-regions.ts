import type {
  ReplicateSecretToRegionsRequest,
  ReplicateSecretToRegionsResponse,
} from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { replicateTo } from '../replication.js';
import { resolveFor, secretTarget } from '../repo.js';
import { replicationStatus } from '../view.js';

export const replicateSecretToRegions: Operation<ReplicateSecretToRegionsRequest, ReplicateSecretToRegionsResponse> = {
  service: 'secretsmanager',
  name: 'ReplicateSecretToRegions',
  action: 'secretsmanager:ReplicateSecretToRegions',
  target(input, ctx) {
    const keys: Record<string, string | string[]> = { 'secretsmanager:AddReplicaRegions': input.AddReplicaRegions.map((x) => x.Region ?? '') };
    if (input.ForceOverwriteReplicaSecret !== undefined) keys['secretsmanager:ForceOverwriteReplicaSecret'] = String(input.ForceOverwriteReplicaSecret);
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    const record = await replicateTo(ctx, r, input.AddReplicaRegions, input.ForceOverwriteReplicaSecret ?? false);
    return { ARN: record.arn, ReplicationStatus: replicationStatus(record) ?? [] };
  },
};
