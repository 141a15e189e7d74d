import type { ArnPattern } from './arn.js';
import type { CompiledCondition } from './conditions-parse.js';
import type { Glob } from './wildcard.js';

/**
 * identity: user/group/role policies, permissions boundaries, session policies (no Principal).
 * resource: a secret's resource policy (Principal required).
 * key: a KMS key policy (Principal required).
 * trust: a role's trust policy (Principal required, no Resource, sts:AssumeRole* actions).
 */
export type PolicyKind = 'identity' | 'resource' | 'trust' | 'key';

export type PolicyVersion = '2012-10-17' | '2008-10-17';

export interface Policy {
  kind: PolicyKind;
  /** Absent when the document has no Version (which means 2008-10-17 rules: no variables). */
  version: PolicyVersion | undefined;
  id: string | undefined;
  statements: Statement[];
}

export type Effect = 'Allow' | 'Deny';

export interface Statement {
  /** Position in the document, from 0. */
  index: number;
  sid: string | undefined;
  effect: Effect;
  /** Exactly one of action / notAction is set. */
  action: Glob[] | undefined;
  notAction: Glob[] | undefined;
  /** At most one of resource / notResource is set (neither for trust policies). */
  resource: ArnPattern[] | undefined;
  notResource: ArnPattern[] | undefined;
  principal: PrincipalSpec | undefined;
  notPrincipal: PrincipalSpec | undefined;
  conditions: CompiledCondition[];
  /**
   * Lower-cased context keys referenced as policy variables without a default. When one of them
   * is missing from the request, AWS treats the statement as invalid: it neither allows nor denies.
   */
  requiredVariables: string[];
}

/** One entry of Principal {"AWS": …}. */
export type AwsPrincipalEntry =
  | { kind: 'any' }
  | { kind: 'account'; account: string }
  | { kind: 'user'; arn: string }
  | { kind: 'role'; account: string; roleName: string }
  | { kind: 'session'; arn: string }
  | { kind: 'federated-user'; arn: string }
  | { kind: 'unique-id'; id: string };

export interface PrincipalSpec {
  /** "Principal": "*" */
  everyone: boolean;
  aws: AwsPrincipalEntry[];
  services: string[];
  federated: string[];
  canonicalUsers: string[];
}
