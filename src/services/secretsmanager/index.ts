import type { AnyOperation } from '../../protocol/operation.js';
import { batchGetSecretValue } from './operations/batch-get-secret-value.js';
import { cancelRotateSecret } from './operations/cancel-rotate-secret.js';
import { createSecret } from './operations/create-secret.js';
import { deleteResourcePolicy } from './operations/delete-resource-policy.js';
import { deleteSecret } from './operations/delete-secret.js';
import { describeSecret } from './operations/describe-secret.js';
import { getRandomPassword } from './operations/get-random-password.js';
import { getResourcePolicy } from './operations/get-resource-policy.js';
import { getSecretValue } from './operations/get-secret-value.js';
import { listSecretVersionIds } from './operations/list-secret-version-ids.js';
import { listSecrets } from './operations/list-secrets.js';
import { putResourcePolicy } from './operations/put-resource-policy.js';
import { putSecretValue } from './operations/put-secret-value.js';
import { removeRegionsFromReplication } from './operations/remove-regions-from-replication.js';
import { replicateSecretToRegions } from './operations/replicate-secret-to-regions.js';
import { restoreSecret } from './operations/restore-secret.js';
import { rotateSecret } from './operations/rotate-secret.js';
import { stopReplicationToReplica } from './operations/stop-replication-to-replica.js';
import { tagResource } from './operations/tag-resource.js';
import { untagResource } from './operations/untag-resource.js';
import { updateSecret } from './operations/update-secret.js';
import { updateSecretVersionStage } from './operations/update-secret-version-stage.js';
import { validateResourcePolicy } from './operations/validate-resource-policy.js';

export { sweepSecretsManager } from './purge.js';
export { setRotationRunner, type RotationRunner } from './rotation-rules.js';

/** The 23 operations of Secrets Manager 2017-10-17. */
export const secretsManagerOperations: AnyOperation[] = [
  batchGetSecretValue,
  cancelRotateSecret,
  createSecret,
  deleteResourcePolicy,
  deleteSecret,
  describeSecret,
  getRandomPassword,
  getResourcePolicy,
  getSecretValue,
  listSecretVersionIds,
  listSecrets,
  putResourcePolicy,
  putSecretValue,
  removeRegionsFromReplication,
  replicateSecretToRegions,
  restoreSecret,
  rotateSecret,
  stopReplicationToReplica,
  tagResource,
  untagResource,
  updateSecret,
  updateSecretVersionStage,
  validateResourcePolicy,
];
