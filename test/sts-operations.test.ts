import { describe, expect, it } from 'vitest';
import { policiesForPrincipal } from '../src/identity/principal-policies.js';
import { sweepExpiredSessions } from '../src/identity/sessions.js';
import { assumeRoleForService } from '../src/services/sts/index.js';
import { allow, iamHarness, principalOf, trustFor, type IamHarness } from './iam-api-harness.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function userWithKey(h: IamHarness, name: string, policy?: string) {
  await h.call('CreateUser', { UserName: name });
  if (policy) await h.call('PutUserPolicy', { UserName: name, PolicyName: 'p', PolicyDocument: policy });
  const key = (await h.call<Any>('CreateAccessKey', { UserName: name })).AccessKey;
  return principalOf(h, key.AccessKeyId);
}

async function role(h: IamHarness, name: string, trust: string, extra: object = {}): Promise<string> {
  return (await h.call<Any>('CreateRole', { RoleName: name, AssumeRolePolicyDocument: trust, ...extra })).Role.Arn;
}

describe('AssumeRole (in-process)', () => {
  it('issues ASIA credentials for the assumed-role principal when the trust policy names the caller', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice');
    const arn = await role(h, 'reader', trustFor({ AWS: alice.arn }));
    const before = h.app.clock.now();
    const out = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'build-1' }, alice);
    const roleId = (await h.call<Any>('GetRole', { RoleName: 'reader' })).Role.RoleId;
    expect(out.AssumedRoleUser).toEqual({ AssumedRoleId: `${roleId}:build-1`, Arn: `arn:aws:sts::${h.account}:assumed-role/reader/build-1` });
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA[A-Z2-7]{16}$/);
    expect(out.Credentials.SessionToken.length).toBeGreaterThan(100);
    const lifetime = out.Credentials.Expiration.getTime() - before;
    expect(lifetime).toBeGreaterThan(3598_000);
    expect(lifetime).toBeLessThanOrEqual(3600_000);
    expect(out.PackedPolicySize).toBeUndefined();
    const rec = await h.identity.lookupAccessKey(out.Credentials.AccessKeyId);
    expect(rec).toMatchObject({
      status: 'Active',
      sessionToken: out.Credentials.SessionToken,
      expiresAt: out.Credentials.Expiration.getTime(),
      sessionKind: 'assumed-role',
      principal: { type: 'assumed-role', name: 'reader', sessionName: 'build-1', userId: `${roleId}:build-1`, admin: false },
    });
  });

  it('refuses with STS\'s message when the trust policy does not allow the caller', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice', allow('sts:AssumeRole'));
    const bob = await userWithKey(h, 'bob');
    const arn = await role(h, 'r', trustFor({ AWS: bob.arn }));
    const e = await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, alice);
    expect([e.code, e.message]).toEqual(['AccessDeniedException', `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`]);
    // A role that does not exist looks the same, so existence is not revealed.
    const ghost = `arn:aws:iam::${h.account}:role/ghost`;
    expect((await h.fail('AssumeRole', { RoleArn: ghost, RoleSessionName: 's' }, alice)).message).toBe(
      `User: ${alice.arn} is not authorized to perform: sts:AssumeRole on resource: ${ghost}`,
    );
    const invalid = await h.fail('AssumeRole', { RoleArn: 'nothing-valid-in-here', RoleSessionName: 's' }, alice);
    expect([invalid.code, invalid.message]).toEqual(['ValidationError', 'nothing-valid-in-here is invalid']);
  });

  it('a trust policy naming the account hands the decision to the caller\'s own policies', async () => {
    const h = await iamHarness();
    const arn = await role(h, 'r', trustFor({ AWS: `arn:aws:iam::${h.account}:root` }));
    const without = await userWithKey(h, 'without');
    const withPolicy = await userWithKey(h, 'with', allow('sts:AssumeRole', arn));
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, without)).code).toBe('AccessDeniedException');
    expect((await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, withPolicy)).AssumedRoleUser.Arn).toContain('assumed-role/r/s');
    // The account root has every permission of its account.
    expect((await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'admin' })).Credentials.AccessKeyId).toMatch(/^ASIA/);
    // An explicit deny in the caller's policies wins.
    await h.call('PutUserPolicy', {
      UserName: 'with',
      PolicyName: 'deny',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'sts:*', Resource: '*' }] }),
    });
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, withPolicy)).code).toBe('AccessDeniedException');
  });

  it('evaluates sts:ExternalId and sts:RoleSessionName conditions', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice');
    const arn = await role(
      h,
      'partner',
      trustFor({ AWS: alice.arn }, { Condition: { StringEquals: { 'sts:ExternalId': 'xyz-123' }, StringLike: { 'sts:RoleSessionName': 'ci-*' } } }),
    );
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 'ci-1' }, alice)).code).toBe('AccessDeniedException');
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 'ci-1', ExternalId: 'wrong' }, alice)).code).toBe('AccessDeniedException');
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 'me', ExternalId: 'xyz-123' }, alice)).code).toBe('AccessDeniedException');
    expect((await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'ci-1', ExternalId: 'xyz-123' }, alice)).Credentials).toBeDefined();
  });

  it('limits DurationSeconds by the role\'s MaxSessionDuration and by role chaining', async () => {
    const h = await iamHarness();
    const trust = trustFor({ AWS: h.account });
    const arn = await role(h, 'r', trust, { MaxSessionDuration: 7200 });
    const over = await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's', DurationSeconds: 7201 });
    expect([over.code, over.status, over.message]).toEqual(['ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.']);
    const out = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's', DurationSeconds: 7200 });
    const session = await principalOf(h, out.Credentials.AccessKeyId);
    await h.call('PutRolePolicy', { RoleName: 'r', PolicyName: 'p', PolicyDocument: allow('sts:AssumeRole') });
    const chained = await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's2', DurationSeconds: 3601 }, session);
    expect(chained.message).toBe('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.');
    expect((await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's2' }, session)).AssumedRoleUser.Arn).toContain('/r/s2');
  });

  it('keeps the session policy with the session; policiesForPrincipal hands it out with the role\'s policies', async () => {
    const h = await iamHarness();
    const arn = await role(h, 'r', trustFor({ AWS: h.account }));
    await h.call('PutRolePolicy', { RoleName: 'r', PolicyName: 'broad', PolicyDocument: allow('secretsmanager:*') });
    const managedDoc = allow('kms:Decrypt');
    const managed = (await h.call<Any>('CreatePolicy', { PolicyName: 'sess', PolicyDocument: managedDoc })).Policy.Arn;
    const narrow = allow('secretsmanager:GetSecretValue');
    const out = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Policy: narrow, PolicyArns: [{ arn: managed }] });
    expect(out.PackedPolicySize).toBeGreaterThan(0);
    const session = await principalOf(h, out.Credentials.AccessKeyId);
    const got = await policiesForPrincipal(h.app, session);
    expect(got.identity).toEqual([{ document: allow('secretsmanager:*'), name: 'broad' }]);
    expect(got.sessionPolicies).toEqual([narrow, managedDoc]);
    expect(JSON.parse(got.sessionPolicy as string).Statement).toHaveLength(2);
    const plain = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'plain' });
    expect((await policiesForPrincipal(h.app, await principalOf(h, plain.Credentials.AccessKeyId))).sessionPolicy).toBeUndefined();
    const bad = await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Policy: '{"Statement":"x"}' });
    expect(bad.code).toBe('MalformedPolicyDocument');
  });

  it('session tags need sts:TagSession and unique keys, and become principal tags', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice');
    const arn = await role(h, 'r', trustFor({ AWS: alice.arn }), { Tags: [{ Key: 'team', Value: 'core' }] });
    const tags = [{ Key: 'project', Value: 'p1' }];
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Tags: tags }, alice)).message).toBe(
      `User: ${alice.arn} is not authorized to perform: sts:TagSession on resource: ${arn}`,
    );
    const dup = await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] }, alice);
    expect([dup.code, dup.message]).toEqual(['InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.']);
    await h.call('UpdateAssumeRolePolicy', {
      RoleName: 'r',
      PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: alice.arn }, Action: ['sts:AssumeRole', 'sts:TagSession'] }] }),
    });
    const out = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's', Tags: tags }, alice);
    expect((await h.identity.lookupAccessKey(out.Credentials.AccessKeyId))?.principal.tags).toEqual({ team: 'core', project: 'p1' });
  });

  it('dev mode without --enforce-iam skips the trust policy; with it, enforces it', async () => {
    const dev = await iamHarness({ dev: true });
    const arn = await role(dev, 'r', trustFor({ Service: 'ec2.amazonaws.com' }));
    const alice = await userWithKey(dev, 'alice');
    expect((await dev.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 's' }, alice)).Credentials).toBeDefined();
    const strict = await iamHarness({ dev: true, enforceIam: true });
    const arn2 = await role(strict, 'r', trustFor({ Service: 'ec2.amazonaws.com' }));
    const bob = await userWithKey(strict, 'bob');
    expect((await strict.fail('AssumeRole', { RoleArn: arn2, RoleSessionName: 's' }, bob)).code).toBe('AccessDeniedException');
  });
});

describe('AssumeRole across accounts (in-process)', () => {
  it('needs the trust policy of the role\'s account and the caller\'s own policies', async () => {
    const h = await iamHarness();
    const other = '210987654321';
    await h.identity.createAccount(other);
    const otherRootKey = await h.identity.createRootAccessKey(other);
    const otherRoot = await principalOf(h, otherRootKey.accessKeyId);
    const arn = await role(h, 'shared', trustFor({ AWS: other }));
    const out = await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'visitor' }, otherRoot);
    // The session belongs to the role's account.
    expect(out.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${h.account}:assumed-role/shared/visitor`);
    expect((await principalOf(h, out.Credentials.AccessKeyId)).account).toBe(h.account);
    // A user of the other account also needs its own allow, even when the trust policy names it.
    await h.call('CreateUser', { UserName: 'visitor' }, otherRoot);
    const key = (await h.call<Any>('CreateAccessKey', { UserName: 'visitor' }, otherRoot)).AccessKey;
    const visitor = await principalOf(h, key.AccessKeyId);
    await h.call('UpdateAssumeRolePolicy', { RoleName: 'shared', PolicyDocument: trustFor({ AWS: visitor.arn }) });
    expect((await h.fail('AssumeRole', { RoleArn: arn, RoleSessionName: 'v' }, visitor)).message).toBe(
      `User: ${visitor.arn} is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    );
    await h.call('PutUserPolicy', { UserName: 'visitor', PolicyName: 'go', PolicyDocument: allow('sts:AssumeRole', arn) }, otherRoot);
    expect((await h.call<Any>('AssumeRole', { RoleArn: arn, RoleSessionName: 'v' }, visitor)).Credentials.AccessKeyId).toMatch(/^ASIA/);
    // The other account's IAM is its own: the names do not collide.
    expect((await h.fail('GetUser', { UserName: 'visitor' })).code).toBe('NoSuchEntity');
  });
});

describe('GetSessionToken (in-process)', () => {
  it('gives a user temporary credentials of the same principal, not callable with session credentials', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice');
    const out = await h.call<Any>('GetSessionToken', { DurationSeconds: 900 }, alice);
    expect(out.Credentials.AccessKeyId).toMatch(/^ASIA/);
    const rec = await h.identity.lookupAccessKey(out.Credentials.AccessKeyId);
    expect(rec?.principal).toMatchObject({ arn: alice.arn, type: 'user', userId: alice.userId });
    expect(rec?.sessionKind).toBe('session-token');
    const session = await principalOf(h, out.Credentials.AccessKeyId);
    const e = await h.fail('GetSessionToken', {}, session);
    expect([e.code, e.message]).toEqual(['AccessDeniedException', 'Cannot call GetSessionToken with session credentials']);
    const mfa = await h.fail('GetSessionToken', { SerialNumber: 'arn:aws:iam::123456789012:mfa/x', TokenCode: '123456' }, alice);
    expect(mfa.message).toBe('MultiFactorAuthentication failed, unable to validate MFA code.');
  });

  it('defaults to 12 hours for users and at most one hour for the root user', async () => {
    const h = await iamHarness();
    const alice = await userWithKey(h, 'alice');
    const now = h.app.clock.now();
    const user = await h.call<Any>('GetSessionToken', {}, alice);
    expect(Math.round((user.Credentials.Expiration.getTime() - now) / 1000)).toBeGreaterThanOrEqual(43199);
    const root = await h.call<Any>('GetSessionToken', { DurationSeconds: 7200 });
    expect(Math.round((root.Credentials.Expiration.getTime() - now) / 1000)).toBeLessThanOrEqual(3600);
  });

  it('expired sessions are swept a day after they expire', async () => {
    const h = await iamHarness();
    const out = await h.call<Any>('GetSessionToken', { DurationSeconds: 900 });
    const exp = out.Credentials.Expiration.getTime();
    await sweepExpiredSessions(h.app, exp + 3600_000);
    expect(await h.identity.lookupAccessKey(out.Credentials.AccessKeyId)).toBeDefined();
    await sweepExpiredSessions(h.app, exp + 25 * 3600_000);
    expect(await h.identity.lookupAccessKey(out.Credentials.AccessKeyId)).toBeUndefined();
    expect(await h.identity.lookupAccessKey(h.root.accessKeyId)).toBeDefined();
  });
});

describe('assumeRoleForService', () => {
  it('gives codebuild.amazonaws.com credentials for a role whose trust policy names it', async () => {
    const h = await iamHarness();
    const arn = await role(h, 'build-role', trustFor({ Service: 'codebuild.amazonaws.com' }));
    await h.call('PutRolePolicy', { RoleName: 'build-role', PolicyName: 'read', PolicyDocument: allow('secretsmanager:GetSecretValue') });
    const out = await assumeRoleForService(h.app, arn, 'codebuild.amazonaws.com', 'build-42');
    expect(out.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${h.account}:assumed-role/build-role/build-42`);
    const principal = await principalOf(h, out.Credentials.AccessKeyId);
    expect(principal).toMatchObject({ type: 'assumed-role', name: 'build-role', account: h.account });
    expect((await policiesForPrincipal(h.app, principal)).identity).toEqual([{ document: allow('secretsmanager:GetSecretValue'), name: 'read' }]);
  });

  it('refuses a service the trust policy does not name, in dev mode too', async () => {
    const h = await iamHarness({ dev: true });
    const arn = await role(h, 'build-role', trustFor({ Service: 'codebuild.amazonaws.com' }));
    await expect(assumeRoleForService(h.app, arn, 'mediaconnect.amazonaws.com', 'flow')).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: `User: mediaconnect.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${arn}`,
    });
    // A trust policy naming an AWS principal does not let a service in.
    const users = await role(h, 'user-role', trustFor({ AWS: h.account }));
    await expect(assumeRoleForService(h.app, users, 'codebuild.amazonaws.com', 'b')).rejects.toMatchObject({ code: 'AccessDeniedException' });
    await expect(assumeRoleForService(h.app, `arn:aws:iam::${h.account}:role/ghost`, 'codebuild.amazonaws.com', 'b')).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
  });

  it('honours aws:SourceAccount conditions (confused deputy) and MaxSessionDuration', async () => {
    const h = await iamHarness();
    const arn = await role(
      h,
      'flow-role',
      trustFor({ Service: 'mediaconnect.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': h.account } } }),
    );
    await expect(assumeRoleForService(h.app, arn, 'mediaconnect.amazonaws.com', 'flow', { sourceAccount: '999999999999' })).rejects.toMatchObject({
      code: 'AccessDeniedException',
    });
    const ok = await assumeRoleForService(h.app, arn, 'mediaconnect.amazonaws.com', 'flow', { sourceAccount: h.account });
    expect(ok.Credentials.AccessKeyId).toMatch(/^ASIA/);
    await expect(assumeRoleForService(h.app, arn, 'mediaconnect.amazonaws.com', 'flow', { sourceAccount: h.account, durationSeconds: 7200 })).rejects.toMatchObject({
      message: 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
    });
  });
});
