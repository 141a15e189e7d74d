import { randomInt } from 'node:crypto';
import type { RotationRulesType, Tag } from '../../generated/secretsmanager-types.js';
import { invalidName } from './errors.js';

export const AWSCURRENT = 'AWSCURRENT';
export const AWSPREVIOUS = 'AWSPREVIOUS';
export const AWSPENDING = 'AWSPENDING';

/** Metadata of one version; its value lives, envelope-encrypted, under its own path. */
export interface VersionMeta {
  stages: string[];
  /** ms since the epoch */
  created: number;
  /** ms, truncated to the UTC day as AWS reports it */
  lastAccessed?: number;
  /** Key ARN the value's data key is wrapped under. */
  keyArn: string;
  /** Encrypted under the region's aws/secretsmanager key (shown as DefaultEncryptionKey). */
  defaultKey?: boolean;
}

export interface ReplicaState {
  region: string;
  /** As the caller gave it; absent means the replica region's aws/secretsmanager key. */
  kmsKeyId?: string;
  status: 'InSync' | 'Failed' | 'InProgress';
  statusMessage: string;
}

export interface RotationState {
  /** RotateSecret was ever called: AWS shows the rotation fields only after that. */
  requested: boolean;
  enabled: boolean;
  lambdaArn?: string;
  rules?: RotationRulesType;
  lastRotated?: number;
  next?: number;
}

/**
 * One secret as stored (sealed by the barrier) at sm/<account>/<region>/secret/<sid>.
 * Plaintext values never appear here.
 */
export interface SecretRecord {
  /** Internal id: storage paths use it, never the name (names may contain '/'). */
  sid: string;
  arn: string;
  name: string;
  account: string;
  region: string;
  description?: string;
  /** The KmsKeyId as the caller gave it; absent for the default key. */
  kmsKeyId?: string;
  tags: Tag[];
  type?: string;
  owningService?: string;
  created: number;
  lastChanged: number;
  lastAccessed?: number;
  /** When DeleteSecret was called (DescribeSecret's DeletedDate). */
  deleted?: number;
  /** When the secret is purged (DeleteSecret's DeletionDate). */
  purgeAt?: number;
  rotation: RotationState;
  externalRotationMetadata?: { Key?: string; Value?: string }[];
  externalRotationRoleArn?: string;
  policy?: string;
  versions: Record<string, VersionMeta>;
  /** Set on a replica: the region of its primary. */
  primaryRegion?: string;
  /** Set on a primary with replicas. */
  replicas?: ReplicaState[];
  /** Bumped on every write; lets caches tell old from new. */
  rev: number;
}

const NAME_RE = /^[A-Za-z0-9/_+=.@-]+$/;
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** AWS's name rule: ASCII letters, digits and /_+=.@- (length is checked by the model). */
export function checkName(name: string): void {
  if (!NAME_RE.test(name)) throw invalidName();
}

export function isValidName(name: string): boolean {
  return NAME_RE.test(name);
}

const SUFFIX_LENGTH = 6;
const ARN_RESOURCE = ':secret:';

export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < SUFFIX_LENGTH; i++) s += SUFFIX_ALPHABET[randomInt(SUFFIX_ALPHABET.length)];
  return s;
}

export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

export function secretArn(region: string, account: string, name: string, suffix: string): string {
  return `arn:${partitionOf(region)}:secretsmanager:${region}:${account}:secret:${name}-${suffix}`;
}

/** The name a full ARN made by secretArn() carries (undefined when too short to hold one); the caller checks the ARN itself. */
export function nameInArn(arn: string): string | undefined {
  const at = arn.indexOf(ARN_RESOURCE);
  const from = at + ARN_RESOURCE.length;
  const to = arn.length - SUFFIX_LENGTH - 1;
  return at === -1 || to <= from ? undefined : arn.slice(from, to);
}

/** The same secret's ARN in another region: a replica keeps name and suffix. */
export function arnInRegion(arn: string, region: string): string {
  const parts = arn.split(':');
  parts[1] = partitionOf(region);
  parts[3] = region;
  return parts.join(':');
}

export function isDeleted(r: SecretRecord): boolean {
  return r.deleted !== undefined;
}

/** AWS reports access dates at day resolution (midnight UTC). */
export function dayOf(ms: number): number {
  return Math.floor(ms / 86_400_000) * 86_400_000;
}

export function versionWithStage(r: SecretRecord, stage: string): string | undefined {
  for (const [id, v] of Object.entries(r.versions)) if (v.stages.includes(stage)) return id;
  return undefined;
}
