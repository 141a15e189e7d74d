/** What the IAM service keeps per account. IAM is global: records are per account, never per region. */

export interface TagRecord {
  Key: string;
  Value: string;
}

export interface InlinePolicy {
  name: string;
  document: string;
}

export interface AttachedRef {
  arn: string;
  name: string;
}

export type EntityKind = 'user' | 'role' | 'group';

interface EntityBase {
  name: string;
  /** AIDA…, AROA…, AGPA… */
  id: string;
  path: string;
  arn: string;
  createdAt: number;
  inlinePolicies: InlinePolicy[];
  attached: AttachedRef[];
}

export interface AccessKeyMeta {
  id: string;
  status: 'Active' | 'Inactive';
  createdAt: number;
}

export interface UserRecord extends EntityBase {
  kind: 'user';
  tags: TagRecord[];
  /** Group names as created. */
  groups: string[];
  accessKeys: AccessKeyMeta[];
  /** Permissions boundary policy ARN. */
  boundary?: string;
}

export interface RoleRecord extends EntityBase {
  kind: 'role';
  trustPolicy: string;
  description?: string;
  maxSessionDuration: number;
  tags: TagRecord[];
  boundary?: string;
}

export interface GroupRecord extends EntityBase {
  kind: 'group';
  /** User names as created. */
  members: string[];
}

export type EntityRecord = UserRecord | RoleRecord | GroupRecord;

export interface EntityByKind {
  user: UserRecord;
  role: RoleRecord;
  group: GroupRecord;
}

export interface PolicyVersionRecord {
  id: string;
  document: string;
  createdAt: number;
}

export interface ManagedPolicyRecord {
  name: string;
  /** ANPA… */
  id: string;
  path: string;
  arn: string;
  description?: string;
  createdAt: number;
  updatedAt: number;
  defaultVersion: string;
  versions: PolicyVersionRecord[];
  attachmentCount: number;
  boundaryUsageCount: number;
  tags: TagRecord[];
}
