import type { Policy } from './policy-types.js';

/** A condition-key value as callers hand it over; multi-valued keys (aws:TagKeys) are arrays. */
export type ContextValue = string | number | boolean | readonly string[] | undefined;

/** Condition keys by name; names are case-insensitive, as in AWS. */
export type ContextInput = Readonly<Record<string, ContextValue>>;

/** Who is asking. Compatible with protocol/operation.ts Principal. Treat as immutable (keys derived from it are cached). */
export interface AuthzPrincipal {
  /** arn:aws:iam::<acct>:root | …:user/<path/>name | arn:aws:sts::<acct>:assumed-role/<role>/<session> */
  arn: string;
  account: string;
  type: 'root' | 'user' | 'assumed-role' | 'service';
  /** AIDA… for users, AROA…:<session> for role sessions, the account id for root. */
  userId?: string;
  /** IAM user name, role name, or service principal (e.g. secretsmanager.amazonaws.com). */
  name?: string;
  sessionName?: string;
  /** The role's ARN with its path (aws:PrincipalArn of a role session); derived from `arn` if absent. */
  roleArn?: string;
  tags?: Readonly<Record<string, string>>;
}

export interface AuthzRequest {
  /** e.g. secretsmanager:GetSecretValue */
  action: string;
  /** Resource ARN; undefined for resourceless actions (ListSecrets, CreateKey, …). */
  resource?: string;
  principal: AuthzPrincipal;
  /** Request condition keys. Principal keys (aws:username, aws:PrincipalTag/…) are added automatically. */
  /** Or a function giving them, called only if a policy reads a key. */
  context?: ContextInput | (() => ContextInput);
  /** Epoch ms; sets aws:CurrentTime and aws:EpochTime unless the context already has them. */
  now?: number;
}

/** A policy plus what to call it in a decision (managed policy ARN, inline policy name). */
export interface PolicySource {
  policy: Policy;
  arn?: string;
  name?: string;
}

export type PolicyInput = Policy | PolicySource;

export interface PolicySet {
  /** The user's own and its groups' policies, or the role's policies. */
  identity?: readonly PolicyInput[];
  /** Session policies (AssumeRole Policy / PolicyArns). Undefined: the session has none. */
  session?: readonly PolicyInput[];
  /** Permissions boundary of the user or role. */
  boundary?: PolicyInput;
  /** The resource's policy: a secret's resource policy, a KMS key policy, a role trust policy. */
  resource?: PolicyInput;
  /** Account owning the resource; defaults to the account in the resource ARN, else the principal's. */
  resourceAccount?: string;
  /**
   * The resource policy must grant access itself, even within the account: KMS key policies (and
   * role trust policies). IAM identity policies then count only where it allows the account
   * (arn:aws:iam::<acct>:root or the bare account id).
   */
  kmsKeyPolicy?: boolean;
}

export type PolicySourceKind = 'identity' | 'resource' | 'boundary' | 'session';

export type DenyReason =
  | 'explicit-deny-identity'
  | 'explicit-deny-resource'
  | 'explicit-deny-boundary'
  | 'explicit-deny-session'
  | 'no-identity-allow'
  | 'no-resource-allow'
  | 'no-boundary-allow'
  | 'no-session-allow';

export interface MatchedStatement {
  source: PolicySourceKind;
  effect: 'Allow' | 'Deny';
  /** Index of the statement in its document. */
  index: number;
  sid?: string;
  policyArn?: string;
  policyName?: string;
}

export interface Decision {
  allowed: boolean;
  reason: 'allowed' | DenyReason;
  /** What granted access: an identity-side allow, a resource-policy allow, the account root, or a KMS grant. */
  allowedBy?: 'identity' | 'resource' | 'root' | 'grant';
  /** The statements that decided: the explicit denies, or the allows that granted access. */
  statements: MatchedStatement[];
}
