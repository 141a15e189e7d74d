import { describe, expect, it } from 'vitest';
import {
  encryptionContextFromKeys,
  grantAllowing,
  grantConstraintsHold,
  grantPrincipalMatch,
  type AuthzGrant,
  type AuthzPrincipal,
} from '../../src/iam/index.js';

const ACCT = '111122223333';
const OTHER = '444455556666';
const alice: AuthzPrincipal = { arn: `arn:aws:iam::${ACCT}:user/alice`, account: ACCT, type: 'user', name: 'alice' };
const root: AuthzPrincipal = { arn: `arn:aws:iam::${ACCT}:root`, account: ACCT, type: 'root' };
const session: AuthzPrincipal = {
  arn: `arn:aws:sts::${ACCT}:assumed-role/app/s1`,
  account: ACCT,
  type: 'assumed-role',
  name: 'app',
  sessionName: 's1',
  roleArn: `arn:aws:iam::${ACCT}:role/team/app`,
};
const legacySession: AuthzPrincipal = { arn: `arn:aws:sts::${ACCT}:assumed-role/app/s2`, account: ACCT, type: 'assumed-role', name: 'app' };
const service: AuthzPrincipal = { arn: 'codebuild.amazonaws.com', account: ACCT, type: 'service', name: 'codebuild.amazonaws.com' };

const grant = (g: Partial<AuthzGrant>): AuthzGrant => ({ grantId: 'g1', granteePrincipal: alice.arn, operations: ['Decrypt'], ...g });

describe('who a grant names', () => {
  const cases: [string, string | undefined, AuthzPrincipal, string | undefined][] = [
    ['the user by ARN', alice.arn, alice, 'direct'],
    ['another user', `arn:aws:iam::${ACCT}:user/bob`, alice, undefined],
    ['the session by ARN', session.arn, session, 'direct'],
    ['the role with its path', `arn:aws:iam::${ACCT}:role/team/app`, session, 'direct'],
    ['the role under another path', `arn:aws:iam::${ACCT}:role/other/app`, session, undefined],
    ['a role by name for a session without a recorded path', `arn:aws:iam::${ACCT}:role/app`, legacySession, 'direct'],
    ['another role', `arn:aws:iam::${ACCT}:role/team/db`, session, undefined],
    ['the same role name in another account', `arn:aws:iam::${OTHER}:role/team/app`, session, undefined],
    ['the account root ARN, to the root', `arn:aws:iam::${ACCT}:root`, root, 'direct'],
    ['the account root ARN, to a user: the account decides', `arn:aws:iam::${ACCT}:root`, alice, 'account'],
    ['a bare account id', ACCT, alice, 'account'],
    ['another account', `arn:aws:iam::${OTHER}:root`, alice, undefined],
    ['a service principal', 'codebuild.amazonaws.com', service, 'direct'],
    ['a service principal to a user', 'codebuild.amazonaws.com', alice, undefined],
    ['no principal', undefined, alice, undefined],
    ['not an ARN', 'alice', alice, undefined],
  ];
  it.each(cases)('%s', (_name, named, p, want) => {
    expect(grantPrincipalMatch(named, p)).toBe(want);
  });
});

describe('grant constraints', () => {
  const subset = grant({ constraints: { EncryptionContextSubset: { app: 'a' } } });
  const equals = grant({ constraints: { EncryptionContextEquals: { app: 'a', env: 'prod' } } });
  const cases: [string, AuthzGrant, string, Record<string, string>, boolean][] = [
    ['no constraints', grant({}), 'Decrypt', {}, true],
    ['subset met exactly', subset, 'Decrypt', { app: 'a' }, true],
    ['subset met with more pairs', subset, 'Decrypt', { app: 'a', x: 'y' }, true],
    ['subset: wrong value', subset, 'Decrypt', { app: 'b' }, false],
    ['subset: value case matters', subset, 'Decrypt', { app: 'A' }, false],
    ['subset: key missing', subset, 'Decrypt', {}, false],
    ['equals met', equals, 'Encrypt', { env: 'prod', app: 'a' }, true],
    ['equals: one pair more', equals, 'Encrypt', { env: 'prod', app: 'a', x: 'y' }, false],
    ['equals: one pair less', equals, 'Encrypt', { app: 'a' }, false],
    ['equals: a missing key is not an inherited one', grant({ constraints: { EncryptionContextEquals: { toString: 'x' } } }), 'Decrypt', {}, false],
    ['DescribeKey ignores constraints', equals, 'DescribeKey', {}, true],
    ['RetireGrant ignores constraints', equals, 'RetireGrant', {}, true],
    ['Sign has no context: a constrained grant cannot allow it', subset, 'Sign', {}, false],
    ['empty constraints object', grant({ constraints: {} }), 'Sign', {}, true],
  ];
  it.each(cases)('%s', (_name, g, operation, context, want) => {
    expect(grantConstraintsHold(g, operation, context)).toBe(want);
  });
});

describe('the grant that allows a request', () => {
  const req = (action: string, principal: AuthzPrincipal = alice, encryptionContext: Record<string, string> = {}, grantOperations?: string[]) => ({
    action,
    principal,
    encryptionContext,
    grantOperations,
  });

  it('needs the operation in the grant', () => {
    expect(grantAllowing([grant({})], req('kms:Decrypt'))?.grant.grantId).toBe('g1');
    expect(grantAllowing([grant({})], req('kms:Encrypt'))).toBeUndefined();
    expect(grantAllowing([grant({ operations: ['GenerateDataKeyWithoutPlaintext'] })], req('kms:GenerateDataKey'))).toBeUndefined();
    expect(grantAllowing([grant({})], req('secretsmanager:GetSecretValue'))).toBeUndefined();
  });

  it('prefers a grant that names the caller to one that names its account', () => {
    const g = [grant({ grantId: 'acct', granteePrincipal: ACCT }), grant({ grantId: 'user' })];
    expect(grantAllowing(g, req('kms:Decrypt'))).toMatchObject({ grant: { grantId: 'user' }, match: 'direct' });
    expect(grantAllowing([g[0]!], req('kms:Decrypt'))).toMatchObject({ grant: { grantId: 'acct' }, match: 'account' });
  });

  it('skips a grant whose constraints fail and finds one that holds', () => {
    const g = [grant({ grantId: 'a', constraints: { EncryptionContextSubset: { app: 'a' } } }), grant({ grantId: 'b', constraints: { EncryptionContextSubset: { app: 'b' } } })];
    expect(grantAllowing(g, req('kms:Decrypt', alice, { app: 'b' }))?.grant.grantId).toBe('b');
    expect(grantAllowing(g, req('kms:Decrypt', alice, { app: 'c' }))).toBeUndefined();
  });

  it('RetireGrant: the retiring principal, or the grantee when the grant includes RetireGrant', () => {
    const bob: AuthzPrincipal = { arn: `arn:aws:iam::${ACCT}:user/bob`, account: ACCT, type: 'user' };
    expect(grantAllowing([grant({ retiringPrincipal: bob.arn })], req('kms:RetireGrant', bob))?.match).toBe('direct');
    expect(grantAllowing([grant({ retiringPrincipal: bob.arn })], req('kms:RetireGrant', alice))).toBeUndefined();
    expect(grantAllowing([grant({ operations: ['Decrypt', 'RetireGrant'] })], req('kms:RetireGrant', alice))?.match).toBe('direct');
    // A retiring principal gets no other operation from the grant.
    expect(grantAllowing([grant({ retiringPrincipal: bob.arn })], req('kms:Decrypt', bob))).toBeUndefined();
  });

  it('CreateGrant passes on only the grant\'s own operations, and nothing from a constrained grant', () => {
    const g = grant({ operations: ['Decrypt', 'Encrypt', 'CreateGrant'] });
    expect(grantAllowing([g], req('kms:CreateGrant', alice, {}, ['Decrypt']))?.match).toBe('direct');
    expect(grantAllowing([g], req('kms:CreateGrant', alice, {}, ['Decrypt', 'Encrypt']))?.match).toBe('direct');
    expect(grantAllowing([g], req('kms:CreateGrant', alice, {}, ['Sign']))).toBeUndefined();
    const constrained = grant({ operations: ['Decrypt', 'CreateGrant'], constraints: { EncryptionContextSubset: { a: 'b' } } });
    expect(grantAllowing([constrained], req('kms:CreateGrant', alice, {}, ['Decrypt']))).toBeUndefined();
  });
});

describe('the encryption context read back from condition keys', () => {
  it('keeps keys and values as sent, colons included', () => {
    expect(
      encryptionContextFromKeys({
        'kms:EncryptionContext:SecretARN': 'arn:aws:secretsmanager:us-east-1:1:secret:x',
        'kms:EncryptionContext:a:b': 'c',
        'kms:EncryptionContextKeys': ['SecretARN', 'a:b'],
        'kms:CallerAccount': ACCT,
      }),
    ).toEqual({ SecretARN: 'arn:aws:secretsmanager:us-east-1:1:secret:x', 'a:b': 'c' });
    expect(encryptionContextFromKeys(undefined)).toEqual({});
  });
});
