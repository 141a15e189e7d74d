import { describe, expect, it } from 'vitest';
import { evaluate, type ContextInput, type DenyReason, type PolicySet } from '../../src/iam/index.js';
import { ACCT, GSV, KEY, OTHER, OTHER_SECRET, PRINCIPALS, SECRET, allow, aws, deny, doc, policy, rAllow, rDeny, type Stmt, type Who } from './fixtures.js';
import { compilePolicy } from '../../src/iam/index.js';

interface Case {
  name: string;
  who?: Who;
  action?: string;
  /** null: a resourceless action. */
  resource?: string | null;
  identity?: Stmt[][];
  identityVersion?: string | null;
  boundary?: Stmt[];
  session?: Stmt[][];
  rp?: Stmt[];
  rpKind?: 'resource' | 'key';
  kms?: boolean;
  owner?: string;
  ctx?: ContextInput;
  now?: string;
  expect: 'allow' | DenyReason;
}

const ALL = allow('*');
const GET = allow(GSV, SECRET);
const SM = allow('secretsmanager:*');
const ROLE = `arn:aws:iam::${ACCT}:role/svc/app`;
const SESSION = PRINCIPALS.session.arn;
const ALICE = PRINCIPALS.alice.arn;
const ROOT = `arn:aws:iam::${ACCT}:root`;
const XROOT = `arn:aws:iam::${OTHER}:root`;
const KMS_DECRYPT = 'kms:Decrypt';
const delegate = (account = ACCT, action: unknown = 'kms:*'): Stmt => rAllow(aws(`arn:aws:iam::${account}:root`), action);
const cond = (c: Record<string, unknown>, base: Stmt = GET): Stmt => ({ ...base, Condition: c });

const basics: Case[] = [
  { name: 'no policies at all', expect: 'no-identity-allow' },
  { name: 'exact action and resource', identity: [[GET]], expect: 'allow' },
  { name: 'service wildcard action', identity: [[SM]], expect: 'allow' },
  { name: 'action match ignores case', identity: [[allow('SecretsManager:getsecretVALUE', SECRET)]], expect: 'allow' },
  { name: 'action prefix wildcard', identity: [[allow('secretsmanager:Get*')]], expect: 'allow' },
  { name: 'action ? wildcard', identity: [[allow('secretsmanager:Get?ecretValue')]], expect: 'allow' },
  { name: 'other action prefix', identity: [[allow('secretsmanager:Describe*')]], expect: 'no-identity-allow' },
  { name: 'action * alone', identity: [[ALL]], expect: 'allow' },
  { name: 'other service', identity: [[allow('kms:*')]], expect: 'no-identity-allow' },
  { name: 'action list containing it', identity: [[allow(['kms:Decrypt', GSV])]], expect: 'allow' },
  { name: 'action ? does not match two characters', identity: [[allow('secretsmanager:Get?Value')]], expect: 'no-identity-allow' },
  { name: 'other resource', identity: [[allow(GSV, OTHER_SECRET)]], expect: 'no-identity-allow' },
  { name: 'resource wildcard in name', identity: [[allow(GSV, `arn:aws:secretsmanager:*:${ACCT}:secret:db-*`)]], expect: 'allow' },
  { name: 'resource ? per character', identity: [[allow(GSV, `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-??????`)]], expect: 'allow' },
  { name: 'resource ? count mismatch', identity: [[allow(GSV, `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:db-?????`)]], expect: 'no-identity-allow' },
  { name: 'resource match is case-sensitive', identity: [[allow(GSV, `arn:aws:secretsmanager:*:${ACCT}:secret:DB-*`)]], expect: 'no-identity-allow' },
  { name: 'resource pattern of another account', identity: [[allow(GSV, `arn:aws:secretsmanager:*:${OTHER}:secret:*`)]], expect: 'no-identity-allow' },
  { name: 'resource region wildcard segment', identity: [[allow(GSV, `arn:aws:secretsmanager:*:*:secret:*`)]], expect: 'allow' },
  { name: 'short ARN pattern absorbs the rest', identity: [[allow(GSV, 'arn:aws:secretsmanager:*')]], expect: 'allow' },
  {
    name: 'wildcards stay inside their ARN segment',
    resource: `arn:aws:secretsmanager:us-east-1:999999999999:secret:x:${ACCT}:secret:y`,
    identity: [[allow(GSV, `arn:aws:secretsmanager:*:${ACCT}:secret:*`)]],
    expect: 'no-identity-allow',
  },
  { name: 'resource list containing it', identity: [[allow(GSV, [OTHER_SECRET, SECRET])]], expect: 'allow' },
  { name: 'deny only', identity: [[deny(GSV)]], expect: 'explicit-deny-identity' },
  { name: 'allow and deny in one policy', identity: [[ALL, deny(GSV, SECRET)]], expect: 'explicit-deny-identity' },
  { name: 'deny in a group policy beats user allow', identity: [[ALL], [deny('secretsmanager:*')]], expect: 'explicit-deny-identity' },
  { name: 'deny of another action', identity: [[ALL, deny('secretsmanager:DeleteSecret')]], expect: 'allow' },
  { name: 'deny of another resource', identity: [[ALL, deny('*', OTHER_SECRET)]], expect: 'allow' },
  { name: 'NotAction allow covers it', identity: [[{ Effect: 'Allow', NotAction: 'kms:*', Resource: '*' }]], expect: 'allow' },
  { name: 'NotAction allow excludes it', identity: [[{ Effect: 'Allow', NotAction: 'secretsmanager:Get*', Resource: '*' }]], expect: 'no-identity-allow' },
  { name: 'NotResource allow covers it', identity: [[{ Effect: 'Allow', Action: GSV, NotResource: OTHER_SECRET }]], expect: 'allow' },
  { name: 'NotResource allow excludes it', identity: [[{ Effect: 'Allow', Action: GSV, NotResource: SECRET }]], expect: 'no-identity-allow' },
  { name: 'deny with NotAction', identity: [[ALL, { Effect: 'Deny', NotAction: 'secretsmanager:Describe*', Resource: '*' }]], expect: 'explicit-deny-identity' },
  { name: 'deny with NotResource', identity: [[ALL, { Effect: 'Deny', Action: '*', NotResource: OTHER_SECRET }]], expect: 'explicit-deny-identity' },
  { name: 'deny NotResource listing it', identity: [[ALL, { Effect: 'Deny', Action: '*', NotResource: SECRET }]], expect: 'allow' },
  { name: 'resourceless action with Resource *', action: 'secretsmanager:ListSecrets', resource: null, identity: [[allow('secretsmanager:List*')]], expect: 'allow' },
  {
    name: 'resourceless action needs Resource *',
    action: 'secretsmanager:ListSecrets',
    resource: null,
    identity: [[allow('secretsmanager:ListSecrets', 'arn:aws:secretsmanager:*:*:secret:*')]],
    expect: 'no-identity-allow',
  },
  {
    name: 'resourceless action and NotResource',
    action: 'secretsmanager:ListSecrets',
    resource: null,
    identity: [[{ Effect: 'Allow', Action: '*', NotResource: SECRET }]],
    expect: 'allow',
  },
  { name: 'Version 2008 document still allows', identity: [[GET]], identityVersion: '2008-10-17', expect: 'allow' },
  { name: 'no Version document still allows', identity: [[GET]], identityVersion: null, expect: 'allow' },
  {
    name: 'Version 2008: ${…} is literal text',
    resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:alice-1`,
    identity: [[allow(GSV, `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:\${aws:username}-*`)]],
    identityVersion: '2008-10-17',
    expect: 'no-identity-allow',
  },
  { name: 'empty identity list', identity: [], expect: 'no-identity-allow' },
];

const limits: Case[] = [
  { name: 'boundary allows', identity: [[GET]], boundary: [SM], expect: 'allow' },
  { name: 'boundary does not allow', identity: [[GET]], boundary: [allow('kms:*')], expect: 'no-boundary-allow' },
  { name: 'boundary denies', identity: [[GET]], boundary: [ALL, deny(GSV)], expect: 'explicit-deny-boundary' },
  { name: 'boundary alone grants nothing', boundary: [ALL], expect: 'no-identity-allow' },
  { name: 'identity deny reported before boundary deny', identity: [[deny('*')]], boundary: [deny('*')], expect: 'explicit-deny-identity' },
  { name: 'boundary resource mismatch', identity: [[GET]], boundary: [allow('*', OTHER_SECRET)], expect: 'no-boundary-allow' },
  { name: 'role session: identity allows', who: 'session', identity: [[GET]], expect: 'allow' },
  { name: 'role session: session policy allows', who: 'session', identity: [[ALL]], session: [[GET]], expect: 'allow' },
  { name: 'role session: session policy does not allow', who: 'session', identity: [[ALL]], session: [[allow('kms:*')]], expect: 'no-session-allow' },
  { name: 'role session: session policy denies', who: 'session', identity: [[ALL]], session: [[ALL, deny(GSV)]], expect: 'explicit-deny-session' },
  { name: 'role session: two session policies, one allows', who: 'session', identity: [[ALL]], session: [[allow('kms:*')], [GET]], expect: 'allow' },
  { name: 'role session: session policy alone grants nothing', who: 'session', session: [[ALL]], expect: 'no-identity-allow' },
  { name: 'role session: boundary checked before session', who: 'session', identity: [[ALL]], boundary: [allow('kms:*')], session: [[allow('kms:*')]], expect: 'no-boundary-allow' },
  { name: 'role session: boundary and session allow', who: 'session', identity: [[ALL]], boundary: [SM], session: [[SM]], expect: 'allow' },
  { name: 'user with a session policy (federation)', identity: [[ALL]], session: [[allow('kms:*')]], expect: 'no-session-allow' },
  { name: 'root ignores boundary', who: 'root', boundary: [allow('kms:*')], expect: 'allow' },
  { name: 'root ignores session policies', who: 'root', session: [[allow('kms:*')]], expect: 'allow' },
  { name: 'root needs no identity policy', who: 'root', expect: 'allow' },
  { name: 'root resourceless action', who: 'root', action: 'secretsmanager:ListSecrets', resource: null, expect: 'allow' },
  { name: 'identity deny still stops root-like admin user', identity: [[ALL, deny('*')]], boundary: [ALL], expect: 'explicit-deny-identity' },
];

const sameAccount: Case[] = [
  { name: 'resource policy names the user', rp: [rAllow(aws(ALICE))], expect: 'allow' },
  { name: 'resource policy Principal *', rp: [rAllow('*')], expect: 'allow' },
  { name: 'resource policy AWS *', rp: [rAllow(aws('*'))], expect: 'allow' },
  { name: 'resource policy names the account id: delegation only', rp: [rAllow(aws(ACCT))], expect: 'no-identity-allow' },
  { name: 'resource policy names the account root: delegation only', rp: [rAllow(aws(ROOT))], expect: 'no-identity-allow' },
  { name: 'account delegation plus identity allow', identity: [[GET]], rp: [rAllow(aws(ACCT))], expect: 'allow' },
  { name: 'identity allow without resource grant', identity: [[GET]], rp: [rAllow(aws(PRINCIPALS.bob.arn))], expect: 'allow' },
  { name: 'resource policy names someone else', rp: [rAllow(aws(PRINCIPALS.bob.arn))], expect: 'no-identity-allow' },
  { name: 'resource policy names user with path', who: 'bob', rp: [rAllow(aws(PRINCIPALS.bob.arn))], expect: 'allow' },
  { name: 'user ARN without its path does not match', who: 'bob', rp: [rAllow(aws(`arn:aws:iam::${ACCT}:user/bob`))], expect: 'no-identity-allow' },
  { name: 'resource deny on the user', identity: [[ALL]], rp: [rDeny(aws(ALICE))], expect: 'explicit-deny-resource' },
  { name: 'resource deny on the account', identity: [[ALL]], rp: [rDeny(aws(ACCT))], expect: 'explicit-deny-resource' },
  { name: 'resource deny on everyone', identity: [[ALL]], rp: [rDeny('*')], expect: 'explicit-deny-resource' },
  { name: 'resource deny on someone else', identity: [[ALL]], rp: [rDeny(aws(PRINCIPALS.bob.arn))], expect: 'allow' },
  { name: 'resource allow, identity deny', identity: [[deny(GSV)]], rp: [rAllow(aws(ALICE))], expect: 'explicit-deny-identity' },
  { name: 'direct user grant ignores boundary implicit deny', boundary: [allow('kms:*')], rp: [rAllow(aws(ALICE))], expect: 'allow' },
  { name: 'direct user grant does not survive boundary deny', boundary: [deny('*')], rp: [rAllow(aws(ALICE))], expect: 'explicit-deny-boundary' },
  { name: 'session ARN grant without identity policy', who: 'session', rp: [rAllow(aws(SESSION))], expect: 'allow' },
  { name: 'session ARN grant ignores session policy implicit deny', who: 'session', session: [[allow('kms:*')]], rp: [rAllow(aws(SESSION))], expect: 'allow' },
  { name: 'session ARN grant ignores boundary implicit deny', who: 'session', boundary: [allow('kms:*')], rp: [rAllow(aws(SESSION))], expect: 'allow' },
  { name: 'session ARN grant and session policy deny', who: 'session', session: [[deny('*')]], rp: [rAllow(aws(SESSION))], expect: 'explicit-deny-session' },
  { name: 'role ARN grant without identity policy', who: 'session', rp: [rAllow(aws(ROLE))], expect: 'allow' },
  { name: 'role ARN grant without path', who: 'session', rp: [rAllow(aws(`arn:aws:iam::${ACCT}:role/app`))], expect: 'allow' },
  { name: 'role ARN grant limited by session policy', who: 'session', session: [[allow('kms:*')]], rp: [rAllow(aws(ROLE))], expect: 'no-session-allow' },
  { name: 'role ARN grant limited by boundary', who: 'session', boundary: [allow('kms:*')], rp: [rAllow(aws(ROLE))], expect: 'no-boundary-allow' },
  { name: 'role ARN grant within boundary and session', who: 'session', boundary: [SM], session: [[SM]], rp: [rAllow(aws(ROLE))], expect: 'allow' },
  { name: 'grant to another role', who: 'session', rp: [rAllow(aws(`arn:aws:iam::${ACCT}:role/other`))], expect: 'no-identity-allow' },
  { name: 'grant to another session of the role', who: 'session', rp: [rAllow(aws(`arn:aws:sts::${ACCT}:assumed-role/app/s2`))], expect: 'no-identity-allow' },
  { name: 'grant to the role unique id', who: 'session', rp: [rAllow(aws('AROAAPPROLE000000000'))], expect: 'allow' },
  { name: 'grant to the user unique id', rp: [rAllow(aws('AIDAALICE0000000000A'))], expect: 'allow' },
  { name: 'user ARN does not cover a role session', who: 'session', rp: [rAllow(aws(ALICE))], expect: 'no-identity-allow' },
  { name: 'resource statement for another action', rp: [rAllow(aws(ALICE), 'secretsmanager:DescribeSecret')], expect: 'no-identity-allow' },
  { name: 'resource statement for another resource', rp: [{ ...rAllow(aws(ALICE)), Resource: OTHER_SECRET }], expect: 'no-identity-allow' },
  { name: 'resource statement without Resource', rp: [{ Effect: 'Allow', Principal: aws(ALICE), Action: GSV }], expect: 'allow' },
  { name: 'resource grant with failing condition', rp: [rAllow(aws(ALICE), GSV, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], ctx: { 'aws:SecureTransport': false }, expect: 'no-identity-allow' },
  { name: 'resource grant with holding condition', rp: [rAllow(aws(ALICE), GSV, { Condition: { Bool: { 'aws:SecureTransport': 'true' } } })], ctx: { 'aws:SecureTransport': true }, expect: 'allow' },
  { name: 'NotPrincipal deny excluding user and account', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: aws(ALICE, ROOT), Action: '*', Resource: '*' }], expect: 'allow' },
  { name: 'NotPrincipal deny listing only the user', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: aws(ALICE), Action: '*', Resource: '*' }], expect: 'explicit-deny-resource' },
  { name: 'NotPrincipal deny excluding someone else', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: aws(PRINCIPALS.bob.arn, ROOT), Action: '*', Resource: '*' }], expect: 'explicit-deny-resource' },
  { name: 'NotPrincipal deny excluding session, role and account', who: 'session', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: aws(SESSION, ROLE, ROOT), Action: '*', Resource: '*' }], expect: 'allow' },
  { name: 'NotPrincipal deny missing the session', who: 'session', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: aws(ROLE, ROOT), Action: '*', Resource: '*' }], expect: 'explicit-deny-resource' },
  { name: 'NotPrincipal deny excluding everyone', identity: [[ALL]], rp: [{ Effect: 'Deny', NotPrincipal: '*', Action: '*', Resource: '*' }], expect: 'allow' },
  { name: 'NotPrincipal allow for everyone but bob', rp: [{ Effect: 'Allow', NotPrincipal: aws(PRINCIPALS.bob.arn), Action: GSV, Resource: '*' }], expect: 'allow' },
  { name: 'NotPrincipal allow excluding alice', rp: [{ Effect: 'Allow', NotPrincipal: aws(ALICE), Action: GSV, Resource: '*' }], expect: 'no-identity-allow' },
  { name: 'root: resource deny on everyone', who: 'root', rp: [rDeny('*')], expect: 'explicit-deny-resource' },
  { name: 'root: resource deny on the account', who: 'root', rp: [rDeny(aws(ACCT))], expect: 'explicit-deny-resource' },
  { name: 'root: unrelated resource policy', who: 'root', rp: [rAllow(aws(PRINCIPALS.bob.arn))], expect: 'allow' },
  { name: 'explicit owner equal to caller is same-account', owner: ACCT, rp: [rAllow(aws(ALICE))], expect: 'allow' },
  { name: 'resource deny via condition on PrincipalArn', identity: [[ALL]], rp: [rDeny('*', '*', { Condition: { ArnNotEquals: { 'aws:PrincipalArn': PRINCIPALS.bob.arn } } })], expect: 'explicit-deny-resource' },
  { name: 'Principal * with aws:PrincipalArn condition on role', who: 'session', session: [[allow('kms:*')]], rp: [rAllow('*', GSV, { Condition: { ArnEquals: { 'aws:PrincipalArn': ROLE } } })], expect: 'allow' },
];

const crossAccount: Case[] = [
  { name: 'identity allow, no resource policy', who: 'carol', identity: [[ALL]], expect: 'no-resource-allow' },
  { name: 'resource grant, no identity allow', who: 'carol', rp: [rAllow(aws(PRINCIPALS.carol.arn))], expect: 'no-identity-allow' },
  { name: 'both sides allow', who: 'carol', identity: [[ALL]], rp: [rAllow(aws(PRINCIPALS.carol.arn))], expect: 'allow' },
  { name: 'resource names the caller account id', who: 'carol', identity: [[ALL]], rp: [rAllow(aws(OTHER))], expect: 'allow' },
  { name: 'resource names the caller account root', who: 'carol', identity: [[ALL]], rp: [rAllow(aws(XROOT))], expect: 'allow' },
  { name: 'resource Principal *', who: 'carol', identity: [[ALL]], rp: [rAllow('*')], expect: 'allow' },
  { name: 'resource names the owner account only', who: 'carol', identity: [[ALL]], rp: [rAllow(aws(ACCT))], expect: 'no-resource-allow' },
  { name: 'resource deny on the caller', who: 'carol', identity: [[ALL]], rp: [rAllow('*'), rDeny(aws(PRINCIPALS.carol.arn))], expect: 'explicit-deny-resource' },
  { name: 'identity deny', who: 'carol', identity: [[deny('*')]], rp: [rAllow('*')], expect: 'explicit-deny-identity' },
  { name: 'boundary missing', who: 'carol', identity: [[ALL]], boundary: [allow('kms:*')], rp: [rAllow(aws(PRINCIPALS.carol.arn))], expect: 'no-boundary-allow' },
  { name: 'role session: resource names role', who: 'xsession', identity: [[ALL]], rp: [rAllow(aws(`arn:aws:iam::${OTHER}:role/reader`))], expect: 'allow' },
  { name: 'role session: resource names session', who: 'xsession', identity: [[ALL]], rp: [rAllow(aws(PRINCIPALS.xsession.arn))], expect: 'allow' },
  { name: 'role session: direct grant still needs session policy', who: 'xsession', identity: [[ALL]], session: [[allow('kms:*')]], rp: [rAllow(aws(PRINCIPALS.xsession.arn))], expect: 'no-session-allow' },
  { name: 'role session: account grant without identity', who: 'xsession', rp: [rAllow(aws(OTHER))], expect: 'no-identity-allow' },
  { name: 'neither side allows', who: 'carol', expect: 'no-identity-allow' },
  { name: 'resource grant conditioned on PrincipalAccount', who: 'carol', identity: [[ALL]], rp: [rAllow('*', GSV, { Condition: { StringEquals: { 'aws:PrincipalAccount': OTHER } } })], expect: 'allow' },
  { name: 'resource grant conditioned on missing PrincipalOrgID', who: 'carol', identity: [[ALL]], rp: [rAllow('*', GSV, { Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } })], expect: 'no-resource-allow' },
  { name: 'other account root with grant', who: 'xroot', rp: [rAllow(aws(OTHER))], expect: 'allow' },
  { name: 'other account root without grant', who: 'xroot', expect: 'no-resource-allow' },
  { name: 'same-account user toward a resource of another account', owner: OTHER, identity: [[ALL]], expect: 'no-resource-allow' },
  { name: 'same-account user toward another account, granted', owner: OTHER, identity: [[ALL]], rp: [rAllow(aws(ACCT))], expect: 'allow' },
];

const kms: Case[] = [
  { name: 'key policy delegates, IAM allows', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[allow('kms:Decrypt')]], rp: [delegate()], expect: 'allow' },
  { name: 'key policy delegates, IAM silent', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [delegate()], expect: 'no-identity-allow' },
  { name: 'key policy delegates by account id', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [rAllow(aws(ACCT), 'kms:*')], expect: 'allow' },
  { name: 'key policy without delegation, IAM allows', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [rAllow(aws(PRINCIPALS.bob.arn), 'kms:*')], expect: 'no-resource-allow' },
  { name: 'no key policy given', action: KMS_DECRYPT, resource: KEY, kms: true, identity: [[ALL]], expect: 'no-resource-allow' },
  { name: 'key policy names the user', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [rAllow(aws(ALICE), 'kms:Decrypt')], expect: 'allow' },
  { name: 'key policy names the user, boundary silent', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', boundary: [SM], rp: [rAllow(aws(ALICE), 'kms:*')], expect: 'allow' },
  { name: 'key policy names the role', who: 'session', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [rAllow(aws(ROLE), 'kms:*')], expect: 'allow' },
  { name: 'key policy names the role, session policy silent', who: 'session', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', session: [[SM]], rp: [rAllow(aws(ROLE), 'kms:*')], expect: 'no-session-allow' },
  { name: 'delegation, IAM allows, boundary silent', who: 'session', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], boundary: [SM], rp: [delegate()], expect: 'no-boundary-allow' },
  { name: 'root locked out by key policy', who: 'root', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [rAllow(aws(ALICE), 'kms:*')], expect: 'no-resource-allow' },
  { name: 'root with delegation', who: 'root', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [delegate()], expect: 'allow' },
  { name: 'key policy denies the user', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [delegate(), rDeny(aws(ALICE), 'kms:Decrypt')], expect: 'explicit-deny-resource' },
  { name: 'delegation limited to Encrypt', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [delegate(ACCT, 'kms:Encrypt')], expect: 'no-resource-allow' },
  { name: 'cross-account with delegation to caller account', who: 'carol', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [delegate(), delegate(OTHER)], expect: 'allow' },
  { name: 'cross-account delegation, caller IAM silent', who: 'carol', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', rp: [delegate(OTHER)], expect: 'no-identity-allow' },
  { name: 'cross-account without delegation', who: 'carol', action: KMS_DECRYPT, resource: KEY, kms: true, rpKind: 'key', identity: [[ALL]], rp: [delegate()], expect: 'no-resource-allow' },
  {
    name: 'key policy kms:CallerAccount condition holds',
    action: KMS_DECRYPT,
    resource: KEY,
    kms: true,
    rpKind: 'key',
    identity: [[ALL]],
    rp: [rAllow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'kms:CallerAccount': ACCT } } })],
    ctx: { 'kms:CallerAccount': ACCT },
    expect: 'allow',
  },
  {
    name: 'key policy kms:ViaService condition fails',
    action: KMS_DECRYPT,
    resource: KEY,
    kms: true,
    rpKind: 'key',
    rp: [rAllow('*', 'kms:Decrypt', { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } })],
    expect: 'no-resource-allow',
  },
  {
    name: 'encryption context condition',
    action: KMS_DECRYPT,
    resource: KEY,
    kms: true,
    rpKind: 'key',
    rp: [rAllow(aws(ALICE), 'kms:Decrypt', { Condition: { StringEquals: { 'kms:EncryptionContext:SecretARN': SECRET } } })],
    ctx: { 'kms:EncryptionContext:SecretARN': SECRET },
    expect: 'allow',
  },
  { name: 'resourceless kms action (CreateKey) with identity allow', action: 'kms:CreateKey', resource: null, identity: [[allow('kms:CreateKey')]], expect: 'allow' },
];

const services: Case[] = [
  { name: 'service principal granted', who: 'svc', rp: [rAllow({ Service: 'secretsmanager.amazonaws.com' })], expect: 'allow' },
  { name: 'service principal name ignores case', who: 'svc', rp: [rAllow({ Service: 'SecretsManager.amazonaws.com' })], expect: 'allow' },
  { name: 'other service principal', who: 'svc', rp: [rAllow({ Service: 'lambda.amazonaws.com' })], expect: 'no-resource-allow' },
  { name: 'service principal and Principal *', who: 'svc', rp: [rAllow('*')], expect: 'allow' },
  { name: 'service principal and AWS *', who: 'svc', rp: [rAllow(aws('*'))], expect: 'no-resource-allow' },
  { name: 'service principal without resource policy', who: 'svc', identity: [[ALL]], expect: 'no-resource-allow' },
  { name: 'service principal denied', who: 'svc', rp: [rAllow('*'), rDeny({ Service: 'secretsmanager.amazonaws.com' })], expect: 'explicit-deny-resource' },
  { name: 'service principal with SourceAccount condition', who: 'svc', rp: [rAllow({ Service: 'secretsmanager.amazonaws.com' }, GSV, { Condition: { StringEquals: { 'aws:SourceAccount': ACCT } } })], ctx: { 'aws:SourceAccount': ACCT }, expect: 'allow' },
];

const SECRET_ALICE = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:alice-db-Ab12Cd`;
const ownSecret = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:\${aws:username}-*`;

const conditions: Case[] = [
  { name: 'PrincipalTag matches', identity: [[cond({ StringEquals: { 'aws:PrincipalTag/team': 'blue' } })]], expect: 'allow' },
  { name: 'PrincipalTag differs', identity: [[cond({ StringEquals: { 'aws:PrincipalTag/team': 'red' } })]], expect: 'no-identity-allow' },
  { name: 'condition key names ignore case', identity: [[cond({ StringEquals: { 'AWS:PRINCIPALTAG/TEAM': 'blue' } })]], expect: 'allow' },
  { name: 'condition values keep case', identity: [[cond({ StringEquals: { 'aws:PrincipalTag/team': 'Blue' } })]], expect: 'no-identity-allow' },
  { name: 'StringEqualsIgnoreCase', identity: [[cond({ StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'BLUE' } })]], expect: 'allow' },
  { name: 'aws:username for a user', identity: [[cond({ StringEquals: { 'aws:username': 'alice' } })]], expect: 'allow' },
  { name: 'aws:username absent for a role session', who: 'session', identity: [[cond({ StringEquals: { 'aws:username': 'app' } })]], expect: 'no-identity-allow' },
  { name: 'aws:userid of a role session', who: 'session', identity: [[cond({ StringLike: { 'aws:userid': 'AROAAPPROLE000000000:*' } })]], expect: 'allow' },
  { name: 'aws:PrincipalArn of a role session is the role', who: 'session', identity: [[cond({ ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${ACCT}:role/svc/*` } })]], expect: 'allow' },
  { name: 'aws:PrincipalType', who: 'session', identity: [[cond({ StringEquals: { 'aws:PrincipalType': 'AssumedRole' } })]], expect: 'allow' },
  { name: 'aws:PrincipalAccount', identity: [[cond({ StringEquals: { 'aws:PrincipalAccount': ACCT } })]], expect: 'allow' },
  { name: 'SecureTransport true', identity: [[cond({ Bool: { 'aws:SecureTransport': 'true' } })]], ctx: { 'aws:SecureTransport': true }, expect: 'allow' },
  { name: 'SecureTransport false', identity: [[cond({ Bool: { 'aws:SecureTransport': 'true' } })]], ctx: { 'aws:SecureTransport': 'false' }, expect: 'no-identity-allow' },
  { name: 'Bool with a JSON boolean value', identity: [[cond({ Bool: { 'aws:SecureTransport': true } })]], ctx: { 'aws:SecureTransport': 'TRUE' }, expect: 'allow' },
  { name: 'deny plain HTTP', identity: [[ALL, deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]], ctx: { 'aws:SecureTransport': false }, expect: 'explicit-deny-identity' },
  { name: 'deny plain HTTP, key missing', identity: [[ALL, deny('*', '*', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]], expect: 'allow' },
  { name: 'IpAddress inside range', identity: [[cond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })]], ctx: { 'aws:SourceIp': '10.1.2.3' }, expect: 'allow' },
  { name: 'IpAddress outside range', identity: [[cond({ IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } })]], ctx: { 'aws:SourceIp': '11.1.2.3' }, expect: 'no-identity-allow' },
  { name: 'IpAddress IPv6 range', identity: [[cond({ IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64'] } })]], ctx: { 'aws:SourceIp': '2001:db8:1234:5678::9' }, expect: 'allow' },
  { name: 'IpAddress with IPv4-mapped client', identity: [[cond({ IpAddress: { 'aws:SourceIp': '127.0.0.1' } })]], ctx: { 'aws:SourceIp': '::ffff:127.0.0.1' }, expect: 'allow' },
  { name: 'NotIpAddress deny from outside', identity: [[ALL, deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '192.168.0.0/16' } } })]], ctx: { 'aws:SourceIp': '8.8.8.8' }, expect: 'explicit-deny-identity' },
  { name: 'NotIpAddress deny, caller inside', identity: [[ALL, deny('*', '*', { Condition: { NotIpAddress: { 'aws:SourceIp': '192.168.0.0/16' } } })]], ctx: { 'aws:SourceIp': '192.168.4.4' }, expect: 'allow' },
  { name: 'DateLessThan CurrentTime before', identity: [[cond({ DateLessThan: { 'aws:CurrentTime': '2030-01-01T00:00:00Z' } })]], now: '2026-05-01T00:00:00Z', expect: 'allow' },
  { name: 'DateLessThan CurrentTime after', identity: [[cond({ DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } })]], now: '2026-05-01T00:00:00Z', expect: 'no-identity-allow' },
  { name: 'DateGreaterThan EpochTime', identity: [[cond({ DateGreaterThan: { 'aws:EpochTime': '1700000000' } })]], now: '2026-05-01T00:00:00Z', expect: 'allow' },
  { name: 'date window (two operators ANDed)', identity: [[cond({ DateGreaterThan: { 'aws:CurrentTime': '2026-01-01' }, DateLessThan: { 'aws:CurrentTime': '2026-02-01' } })]], now: '2026-05-01T00:00:00Z', expect: 'no-identity-allow' },
  { name: 'NumericLessThanEquals', identity: [[cond({ NumericLessThanEquals: { 'secretsmanager:RecoveryWindowInDays': '7' } })]], ctx: { 'secretsmanager:RecoveryWindowInDays': 7 }, expect: 'allow' },
  { name: 'NumericGreaterThan fails', identity: [[cond({ NumericGreaterThan: { 'secretsmanager:RecoveryWindowInDays': 7 } })]], ctx: { 'secretsmanager:RecoveryWindowInDays': '7' }, expect: 'no-identity-allow' },
  { name: 'ResourceTag StringLike', identity: [[cond({ StringLike: { 'secretsmanager:ResourceTag/env': 'prod*' } })]], ctx: { 'secretsmanager:ResourceTag/env': 'production' }, expect: 'allow' },
  { name: 'ResourceTag missing', identity: [[cond({ StringLike: { 'secretsmanager:ResourceTag/env': 'prod*' } })]], expect: 'no-identity-allow' },
  { name: 'ForAllValues TagKeys subset', identity: [[cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } })]], ctx: { 'aws:TagKeys': ['env'] }, expect: 'allow' },
  { name: 'ForAllValues TagKeys extra key', identity: [[cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } })]], ctx: { 'aws:TagKeys': ['env', 'owner'] }, expect: 'no-identity-allow' },
  { name: 'ForAllValues with no tags', identity: [[cond({ 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } })]], expect: 'allow' },
  { name: 'ForAnyValue with no tags', identity: [[cond({ 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } })]], ctx: { 'aws:TagKeys': [] }, expect: 'no-identity-allow' },
  { name: 'ForAnyValue deny on a forbidden key', identity: [[ALL, deny('*', '*', { Condition: { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['owner'] } } })]], ctx: { 'aws:TagKeys': ['env', 'owner'] }, expect: 'explicit-deny-identity' },
  { name: 'StringNotEquals with missing key holds', identity: [[cond({ StringNotEquals: { 'aws:PrincipalTag/project': 'x' } })]], expect: 'allow' },
  { name: 'StringNotEquals NOR over values', identity: [[cond({ StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } })]], expect: 'no-identity-allow' },
  { name: 'StringEqualsIfExists missing key', identity: [[cond({ StringEqualsIfExists: { 'secretsmanager:VersionStage': 'AWSCURRENT' } })]], expect: 'allow' },
  { name: 'StringEqualsIfExists present, differs', identity: [[cond({ StringEqualsIfExists: { 'secretsmanager:VersionStage': 'AWSCURRENT' } })]], ctx: { 'secretsmanager:VersionStage': 'AWSPREVIOUS' }, expect: 'no-identity-allow' },
  { name: 'VersionStage absent without IfExists', identity: [[cond({ StringEquals: { 'secretsmanager:VersionStage': 'AWSCURRENT' } })]], expect: 'no-identity-allow' },
  { name: 'Null true with key missing', identity: [[cond({ Null: { 'aws:RequestTag/env': 'true' } })]], expect: 'allow' },
  { name: 'Null false with key missing', identity: [[cond({ Null: { 'aws:RequestTag/env': 'false' } })]], expect: 'no-identity-allow' },
  { name: 'two keys ANDed, one fails', identity: [[cond({ StringEquals: { 'aws:PrincipalTag/team': 'blue', 'aws:PrincipalTag/CostCenter': '7' } })]], expect: 'no-identity-allow' },
  { name: 'values ORed', identity: [[cond({ StringEquals: { 'aws:PrincipalTag/CostCenter': ['7', '42'] } })]], expect: 'allow' },
  { name: 'ArnLike SourceArn', identity: [[cond({ ArnLike: { 'aws:SourceArn': `arn:aws:lambda:*:${ACCT}:function:rot-*` } })]], ctx: { 'aws:SourceArn': `arn:aws:lambda:us-east-1:${ACCT}:function:rot-db` }, expect: 'allow' },
  { name: 'variable in Resource: own secret', resource: SECRET_ALICE, identity: [[allow(GSV, ownSecret)]], expect: 'allow' },
  { name: 'variable in Resource: someone else\'s secret', identity: [[allow(GSV, ownSecret)]], expect: 'no-identity-allow' },
  { name: 'unresolvable variable voids the statement', who: 'session', resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:-x`, identity: [[allow(GSV, ownSecret)]], expect: 'no-identity-allow' },
  { name: 'unresolvable variable voids a Deny too', who: 'session', identity: [[ALL, deny(GSV, ownSecret)]], expect: 'allow' },
  { name: 'variable default value', who: 'session', resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:shared-1`, identity: [[allow(GSV, `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:\${aws:username, 'shared'}-*`)]], expect: 'allow' },
  { name: 'PrincipalTag variable in Resource', resource: `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:blue/db-1`, identity: [[allow(GSV, `arn:aws:secretsmanager:*:*:secret:\${aws:PrincipalTag/team}/*`)]], expect: 'allow' },
  { name: 'variable in a condition value', identity: [[cond({ StringEquals: { 'secretsmanager:ResourceTag/owner': '${aws:username}' } })]], ctx: { 'secretsmanager:ResourceTag/owner': 'alice' }, expect: 'allow' },
  { name: 'variable value is literal, not a wildcard', identity: [[cond({ StringLike: { 'secretsmanager:ResourceTag/owner': '${aws:PrincipalTag/team}' } })]], ctx: { 'secretsmanager:ResourceTag/owner': 'blue' }, expect: 'allow' },
  { name: '${*} is a literal star', identity: [[cond({ StringLike: { 'secretsmanager:ResourceTag/pattern': 'a${*}b' } })]], ctx: { 'secretsmanager:ResourceTag/pattern': 'axxb' }, expect: 'no-identity-allow' },
  { name: '${*} matches a real star', identity: [[cond({ StringLike: { 'secretsmanager:ResourceTag/pattern': 'a${*}b' } })]], ctx: { 'secretsmanager:ResourceTag/pattern': 'a*b' }, expect: 'allow' },
  { name: 'condition in Version 2008 takes ${…} literally', identityVersion: '2008-10-17', identity: [[cond({ StringEquals: { 'secretsmanager:ResourceTag/owner': '${aws:username}' } })]], ctx: { 'secretsmanager:ResourceTag/owner': 'alice' }, expect: 'no-identity-allow' },
];

const groups = { basics, limits, sameAccount, crossAccount, kms, services, conditions };

function build(c: Case): PolicySet {
  const set: PolicySet = {};
  if (c.identity) set.identity = c.identity.map((s) => policy(s, 'identity', c.identityVersion === undefined ? '2012-10-17' : c.identityVersion));
  if (c.boundary) set.boundary = policy(c.boundary);
  if (c.session) set.session = c.session.map((s) => policy(s));
  if (c.rp) set.resource = compilePolicy(doc(c.rp), c.rpKind ?? 'resource');
  if (c.kms) set.kmsKeyPolicy = true;
  if (c.owner) set.resourceAccount = c.owner;
  return set;
}

describe('policy evaluation table', () => {
  const total = Object.values(groups).reduce((n, g) => n + g.length, 0);
  it('has at least 150 cases', () => expect(total).toBeGreaterThanOrEqual(150));

  for (const [group, cases] of Object.entries(groups)) {
    describe(group, () => {
      for (const c of cases) {
        it(c.name, () => {
          const d = evaluate(
            {
              action: c.action ?? GSV,
              resource: c.resource === null ? undefined : (c.resource ?? SECRET),
              principal: PRINCIPALS[c.who ?? 'alice'],
              context: c.ctx,
              now: c.now ? Date.parse(c.now) : undefined,
            },
            build(c),
          );
          expect(d.allowed ? 'allow' : d.reason).toBe(c.expect);
        });
      }
    });
  }
});
