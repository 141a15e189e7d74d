import type { AuthzGrant } from '../iam/index.js';
import type { AppServices } from '../server/app-services.js';

export type ServiceName = 'secretsmanager' | 'kms' | 'sts' | 'iam';

/** Who is calling, as established by SigV4 authentication. */
export interface Principal {
  /** e.g. arn:aws:iam::123456789012:root, …:user/alice, arn:aws:sts::…:assumed-role/R/s */
  arn: string;
  account: string;
  /** AWS's UserId: the account id for root, AIDA… for users, AROA…:session for roles. */
  userId: string;
  type: 'root' | 'user' | 'assumed-role' | 'service';
  /** IAM user name, role name or service principal; absent for root. */
  name?: string;
  sessionName?: string;
  accessKeyId: string;
  /** Holder of the account's admin key: full access to its own account. */
  admin: boolean;
  tags?: Record<string, string>;
  /** Role sessions: the role's ARN with its path (aws:PrincipalArn). */
  roleArn?: string;
  /** Temporary credentials: from AssumeRole, or from GetSessionToken (refused by the IAM API). */
  sessionKind?: 'assumed-role' | 'session-token';
}

export interface RequestContext {
  requestId: string;
  service: ServiceName;
  operation: string;
  /** From the SigV4 credential scope. */
  region: string;
  /** The caller's account (resources created by the call live here). */
  account: string;
  principal: Principal;
  sourceIp: string;
  secureTransport: boolean;
  /** Milliseconds since the epoch, fixed for the whole request. */
  now: number;
  app: AppServices;
}

/**
 * What the authorize step needs to decide a call. Built by the operation, decided by
 * the dispatcher; operations never decide access themselves.
 */
export interface AuthzTarget {
  /** Resource ARN (or the identifier as the caller sent it); absent for resourceless actions. */
  resource?: string;
  /**
   * The resource as a refusal names it, when that differs from `resource`: Secrets Manager
   * echoes the SecretId as the caller sent it (a name stays a name), though it decides on the ARN.
   */
  resourceAsSent?: string;
  /** Account owning the resource; defaults to the caller's. */
  resourceAccount?: string;
  /** Resource-based policy JSON: a secret's resource policy or a KMS key policy. */
  resourcePolicy?: string;
  /**
   * 'kms-key': IAM policies count only where the key policy delegates to the account.
   * 'role-trust': a role's trust policy (AssumeRole), which must itself allow the caller; STS
   * words its refusal without a "because …" clause.
   */
  resourcePolicyKind?: 'secret' | 'kms-key' | 'role-trust';
  /** Request-specific condition keys (kms:EncryptionContext:*, secretsmanager:VersionStage, …). */
  conditionKeys?: Record<string, string | string[]>;
  /** Resource tags for aws:ResourceTag/*. */
  resourceTags?: Record<string, string>;
  /** Tags the request sets, for aws:RequestTag/* and aws:TagKeys. */
  requestTags?: Record<string, string>;
  /** Service-specific tag condition prefix, e.g. 'secretsmanager' adds secretsmanager:ResourceTag/*. */
  tagConditionPrefix?: string;
  /**
   * KMS: the key's grants, read only when the policies alone do not allow the call. The request's
   * encryption context (for grant constraints) is read from its kms:EncryptionContext:* keys.
   */
  grants?: () => Promise<readonly AuthzGrant[]>;
}

export interface Operation<I = Record<string, unknown>, O = Record<string, unknown>> {
  service: ServiceName;
  /** AWS operation name, e.g. GetSecretValue. */
  name: string;
  /** IAM action, e.g. secretsmanager:GetSecretValue. */
  action: string;
  /** Resolve what the call touches, for authorization and the audit line. */
  target?: (input: I, ctx: RequestContext) => Promise<AuthzTarget> | AuthzTarget;
  /** GetCallerIdentity and the like: never denied. */
  neverDenied?: boolean;
  handler: (input: I, ctx: RequestContext) => Promise<O>;
}

// Operations are generic in their shapes; the table holds them type-erased.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyOperation = Operation<any, any>;
