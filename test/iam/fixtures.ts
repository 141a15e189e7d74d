import { compilePolicy, type AuthzPrincipal, type Policy, type PolicyKind } from '../../src/iam/index.js';

export const ACCT = '111122223333';
export const OTHER = '444455556666';

export const SECRET = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-AbCdEf`;
export const OTHER_SECRET = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:web-XyZ123`;
export const KEY = `arn:aws:kms:us-east-1:${ACCT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const GSV = 'secretsmanager:GetSecretValue';

export const PRINCIPALS = {
  alice: {
    arn: `arn:aws:iam::${ACCT}:user/alice`,
    account: ACCT,
    type: 'user',
    userId: 'AIDAALICE0000000000A',
    name: 'alice',
    tags: { team: 'blue', CostCenter: '42' },
  },
  bob: { arn: `arn:aws:iam::${ACCT}:user/dev/bob`, account: ACCT, type: 'user', userId: 'AIDABOB00000000000BB', name: 'bob' },
  session: {
    arn: `arn:aws:sts::${ACCT}:assumed-role/app/s1`,
    account: ACCT,
    type: 'assumed-role',
    userId: 'AROAAPPROLE000000000:s1',
    name: 'app',
    sessionName: 's1',
    roleArn: `arn:aws:iam::${ACCT}:role/svc/app`,
    tags: { team: 'green' },
  },
  root: { arn: `arn:aws:iam::${ACCT}:root`, account: ACCT, type: 'root', userId: ACCT },
  carol: { arn: `arn:aws:iam::${OTHER}:user/carol`, account: OTHER, type: 'user', userId: 'AIDACAROL00000000000', name: 'carol' },
  xsession: {
    arn: `arn:aws:sts::${OTHER}:assumed-role/reader/x1`,
    account: OTHER,
    type: 'assumed-role',
    userId: 'AROAREADER0000000000:x1',
    name: 'reader',
    sessionName: 'x1',
  },
  xroot: { arn: `arn:aws:iam::${OTHER}:root`, account: OTHER, type: 'root', userId: OTHER },
  svc: { arn: 'secretsmanager.amazonaws.com', account: '', type: 'service', name: 'secretsmanager.amazonaws.com' },
} satisfies Record<string, AuthzPrincipal>;

export type Who = keyof typeof PRINCIPALS;

export type Stmt = Record<string, unknown>;

/** A 2012-10-17 document from statements. */
export function doc(statements: Stmt[], version: string | null = '2012-10-17'): string {
  return JSON.stringify(version === null ? { Statement: statements } : { Version: version, Statement: statements });
}

export function policy(statements: Stmt[], kind: PolicyKind = 'identity', version: string | null = '2012-10-17'): Policy {
  return compilePolicy(doc(statements, version), kind);
}

export const allow = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({ Effect: 'Allow', Action, Resource, ...extra });
export const deny = (Action: unknown, Resource: unknown = '*', extra: Stmt = {}): Stmt => ({ Effect: 'Deny', Action, Resource, ...extra });
/** Resource-policy statements. */
export const rAllow = (Principal: unknown, Action: unknown = GSV, extra: Stmt = {}): Stmt => ({
  Effect: 'Allow',
  Principal,
  Action,
  Resource: '*',
  ...extra,
});
export const rDeny = (Principal: unknown, Action: unknown = GSV, extra: Stmt = {}): Stmt => ({
  Effect: 'Deny',
  Principal,
  Action,
  Resource: '*',
  ...extra,
});
export const aws = (...ids: string[]): { AWS: string | string[] } => ({ AWS: ids.length === 1 ? (ids[0] as string) : ids });
