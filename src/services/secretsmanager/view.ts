import type {
  DescribeSecretResponse,
  ReplicationStatusType,
  SecretListEntry,
} from '../../generated/secretsmanager-types.js';
import type { SecretRecord } from './secret.js';
import { versionsToStages } from './versions.js';

const date = (ms: number | undefined): Date | undefined => (ms === undefined ? undefined : new Date(ms));

/** Fields DescribeSecret and ListSecrets share; absent values are left out, as AWS does. */
function common(r: SecretRecord): SecretListEntry {
  const out: SecretListEntry = { ARN: r.arn, Name: r.name };
  if (r.type !== undefined) out.Type = r.type;
  if (r.description !== undefined && r.description !== '') out.Description = r.description;
  // The default key (aws/secretsmanager) is never shown.
  if (r.kmsKeyId !== undefined) out.KmsKeyId = r.kmsKeyId;
  if (r.rotation.requested) {
    out.RotationEnabled = r.rotation.enabled;
    if (r.rotation.lambdaArn !== undefined) out.RotationLambdaARN = r.rotation.lambdaArn;
    if (r.rotation.rules !== undefined) out.RotationRules = { ...r.rotation.rules };
  }
  if (r.externalRotationMetadata !== undefined) out.ExternalSecretRotationMetadata = r.externalRotationMetadata;
  if (r.externalRotationRoleArn !== undefined) out.ExternalSecretRotationRoleArn = r.externalRotationRoleArn;
  out.LastRotatedDate = date(r.rotation.lastRotated);
  out.LastChangedDate = date(r.lastChanged);
  out.LastAccessedDate = date(r.lastAccessed);
  out.DeletedDate = date(r.deleted);
  if (r.rotation.enabled) out.NextRotationDate = date(r.rotation.next);
  if (r.tags.length > 0) out.Tags = r.tags.map((t) => ({ ...t }));
  if (r.owningService !== undefined) out.OwningService = r.owningService;
  out.CreatedDate = date(r.created);
  if (r.primaryRegion !== undefined) out.PrimaryRegion = r.primaryRegion;
  else if (r.replicas !== undefined && r.replicas.length > 0) out.PrimaryRegion = r.region;
  return out;
}

export function describeView(r: SecretRecord): DescribeSecretResponse {
  const { ...base } = common(r);
  const out: DescribeSecretResponse = { ...base, VersionIdsToStages: versionsToStages(r) };
  const rs = replicationStatus(r);
  if (rs) out.ReplicationStatus = rs;
  return out;
}

export function listView(r: SecretRecord): SecretListEntry {
  return { ...common(r), SecretVersionsToStages: versionsToStages(r) };
}

export function replicationStatus(r: SecretRecord): ReplicationStatusType[] | undefined {
  if (!r.replicas || r.replicas.length === 0) return undefined;
  return r.replicas.map((x) => {
    const s: ReplicationStatusType = { Region: x.region, KmsKeyId: x.kmsKeyId ?? 'alias/aws/secretsmanager', Status: x.status, StatusMessage: x.statusMessage };
    return s;
  });
}
