import { describe, expect, it } from 'vitest';
import { policiesForPrincipal } from '../src/identity/principal-policies.js';
import { allow, iamHarness, principalOf, trustFor } from './iam-api-harness.js';

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const TRUST = trustFor({ Service: 'ec2.amazonaws.com' });

describe('IAM users (in-process)', () => {
  it('creates, finds without regard to case, lists by path and refuses duplicates with IAM messages', async () => {
    const h = await iamHarness();
    const created = await h.call<Any>('CreateUser', { UserName: 'alice', Path: '/team/', Tags: [{ Key: 'b', Value: '2' }, { Key: 'a', Value: '1' }] });
    expect(created.User).toMatchObject({ UserName: 'alice', Path: '/team/', Arn: `arn:aws:iam::${h.account}:user/team/alice` });
    expect(created.User.UserId).toMatch(/^AIDA[A-Z2-7]{16}$/);
    expect(created.User.CreateDate).toBeInstanceOf(Date);
    expect(created.User.Tags).toEqual([{ Key: 'a', Value: '1' }, { Key: 'b', Value: '2' }]);
    expect((await h.call<Any>('GetUser', { UserName: 'ALICE' })).User.UserId).toBe(created.User.UserId);
    const dup = await h.fail('CreateUser', { UserName: 'Alice' });
    expect([dup.code, dup.status, dup.message]).toEqual(['EntityAlreadyExists', 409, 'User with name Alice already exists.']);
    const missing = await h.fail('GetUser', { UserName: 'nobody' });
    expect([missing.code, missing.status, missing.message]).toEqual(['NoSuchEntity', 404, 'The user with name nobody cannot be found.']);
    await h.call('CreateUser', { UserName: 'bob' });
    const all = await h.call<Any>('ListUsers', {});
    expect(all.Users.map((u: Any) => u.UserName)).toEqual(['alice', 'bob']);
    expect(all.Users[0].Tags).toBeUndefined();
    expect((await h.call<Any>('ListUsers', { PathPrefix: '/team/' })).Users.map((u: Any) => u.UserName)).toEqual(['alice']);
  });

  it('pages with Marker and MaxItems', async () => {
    const h = await iamHarness();
    for (const n of ['u1', 'u2', 'u3', 'u4', 'u5']) await h.call('CreateUser', { UserName: n });
    const p1 = await h.call<Any>('ListUsers', { MaxItems: 2 });
    expect(p1.Users.map((u: Any) => u.UserName)).toEqual(['u1', 'u2']);
    expect(p1.IsTruncated).toBe(true);
    const p2 = await h.call<Any>('ListUsers', { MaxItems: 2, Marker: p1.Marker });
    expect(p2.Users.map((u: Any) => u.UserName)).toEqual(['u3', 'u4']);
    const p3 = await h.call<Any>('ListUsers', { MaxItems: 2, Marker: p2.Marker });
    expect(p3.Users.map((u: Any) => u.UserName)).toEqual(['u5']);
    expect(p3.IsTruncated).toBe(false);
    expect(p3.Marker).toBeUndefined();
  });

  it('GetUser without a name describes the caller', async () => {
    const h = await iamHarness();
    const root = (await h.call<Any>('GetUser', {})).User;
    expect(root).toMatchObject({ UserId: h.account, Arn: `arn:aws:iam::${h.account}:root` });
    expect(root.UserName).toBeUndefined();
    await h.call('CreateUser', { UserName: 'carol' });
    const key = (await h.call<Any>('CreateAccessKey', { UserName: 'carol' })).AccessKey;
    const carol = await principalOf(h, key.AccessKeyId);
    expect((await h.call<Any>('GetUser', {}, carol)).User.UserName).toBe('carol');
    // A user's own keys, without naming the user.
    expect((await h.call<Any>('ListAccessKeys', {}, carol)).AccessKeyMetadata).toHaveLength(1);
  });

  it('refuses DeleteUser while anything is attached, one thing at a time, with IAM messages', async () => {
    const h = await iamHarness();
    await h.call('CreateUser', { UserName: 'dave' });
    await h.call('CreateGroup', { GroupName: 'g' });
    const policyArn = (await h.call<Any>('CreatePolicy', { PolicyName: 'mp', PolicyDocument: allow('s3:ListBucket') })).Policy.Arn;
    const key = (await h.call<Any>('CreateAccessKey', { UserName: 'dave' })).AccessKey;
    await h.call('AddUserToGroup', { GroupName: 'g', UserName: 'dave' });
    await h.call('AttachUserPolicy', { UserName: 'dave', PolicyArn: policyArn });
    await h.call('PutUserPolicy', { UserName: 'dave', PolicyName: 'inline', PolicyDocument: allow('s3:GetObject') });
    const steps: [string, () => Promise<unknown>][] = [
      ['Cannot delete entity, must delete access keys first.', () => h.call('DeleteAccessKey', { UserName: 'dave', AccessKeyId: key.AccessKeyId })],
      ['Cannot delete entity, must remove user from all groups first.', () => h.call('RemoveUserFromGroup', { GroupName: 'g', UserName: 'dave' })],
      ['Cannot delete entity, must detach all policies first.', () => h.call('DetachUserPolicy', { UserName: 'dave', PolicyArn: policyArn })],
      ['Cannot delete entity, must delete policies first.', () => h.call('DeleteUserPolicy', { UserName: 'dave', PolicyName: 'inline' })],
    ];
    for (const [message, fix] of steps) {
      const e = await h.fail('DeleteUser', { UserName: 'dave' });
      expect([e.code, e.status, e.message]).toEqual(['DeleteConflict', 409, message]);
      await fix();
    }
    await h.call('DeleteUser', { UserName: 'dave' });
    expect((await h.fail('DeleteUser', { UserName: 'dave' })).message).toBe('The user with name dave cannot be found.');
  });
});

describe('IAM access keys (in-process)', () => {
  it('returns the secret once, stores it only sealed, and limits a user to two keys', async () => {
    const h = await iamHarness();
    await h.call('CreateUser', { UserName: 'erin' });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'erin' })).AccessKey;
    expect(k).toMatchObject({ UserName: 'erin', Status: 'Active' });
    expect(k.AccessKeyId).toMatch(/^AKIA[A-Z2-7]{16}$/);
    expect(k.SecretAccessKey).toHaveLength(40);
    const listed = (await h.call<Any>('ListAccessKeys', { UserName: 'erin' })).AccessKeyMetadata;
    expect(listed).toEqual([{ UserName: 'erin', AccessKeyId: k.AccessKeyId, Status: 'Active', CreateDate: expect.any(Date) }]);
    const raw = await h.backend.list('', { limit: 10_000 });
    for (const e of raw.entries) expect(Buffer.from(e.value).includes(k.SecretAccessKey)).toBe(false);
    const rec = await h.identity.lookupAccessKey(k.AccessKeyId);
    expect(rec?.principal).toMatchObject({ type: 'user', name: 'erin', arn: `arn:aws:iam::${h.account}:user/erin`, admin: false });
    await h.call('CreateAccessKey', { UserName: 'erin' });
    const third = await h.fail('CreateAccessKey', { UserName: 'erin' });
    expect([third.code, third.status, third.message]).toEqual(['LimitExceeded', 409, 'Cannot exceed quota for AccessKeysPerUser: 2']);
  });

  it('UpdateAccessKey and DeleteAccessKey act on the named user\'s own keys only', async () => {
    const h = await iamHarness();
    await h.call('CreateUser', { UserName: 'frank' });
    await h.call('CreateUser', { UserName: 'grace' });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'frank' })).AccessKey;
    const wrongUser = await h.fail('UpdateAccessKey', { UserName: 'grace', AccessKeyId: k.AccessKeyId, Status: 'Inactive' });
    expect([wrongUser.code, wrongUser.message]).toEqual(['NoSuchEntity', `The Access Key with id ${k.AccessKeyId} cannot be found.`]);
    const unknown = await h.fail('DeleteAccessKey', { UserName: 'frank', AccessKeyId: 'AKIAIOSFODNN7EXAMPLE' });
    expect(unknown.message).toBe('The Access Key with id AKIAIOSFODNN7EXAMPLE cannot be found.');
    await h.call('UpdateAccessKey', { UserName: 'frank', AccessKeyId: k.AccessKeyId, Status: 'Inactive' });
    expect((await h.identity.lookupAccessKey(k.AccessKeyId))?.status).toBe('Inactive');
    expect((await h.call<Any>('ListAccessKeys', { UserName: 'frank' })).AccessKeyMetadata[0].Status).toBe('Inactive');
    const noUser = await h.fail('UpdateAccessKey', { AccessKeyId: k.AccessKeyId, Status: 'Active' });
    expect([noUser.code, noUser.message]).toEqual(['ValidationError', 'Must specify userName when calling with non-User credentials']);
    await h.call('DeleteAccessKey', { UserName: 'frank', AccessKeyId: k.AccessKeyId });
    expect(await h.identity.lookupAccessKey(k.AccessKeyId)).toBeUndefined();
  });

  it('publishes every key change so other nodes drop their cached copy', async () => {
    const h = await iamHarness();
    const seen: string[] = [];
    h.app.bus.subscribe((topic, key) => seen.push(`${topic}:${key}`));
    await h.call('CreateUser', { UserName: 'heidi' });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'heidi' })).AccessKey;
    seen.length = 0;
    await h.call('UpdateAccessKey', { UserName: 'heidi', AccessKeyId: k.AccessKeyId, Status: 'Inactive' });
    expect(seen).toEqual([`iam:${h.account}`, `access-key:${k.AccessKeyId}`]);
  });
});

describe('IAM roles (in-process)', () => {
  it('creates and describes roles as IAM does, with URL-encoded trust policies', async () => {
    const h = await iamHarness();
    const created = (await h.call<Any>('CreateRole', { RoleName: 'builder', Path: '/svc/', AssumeRolePolicyDocument: TRUST, Description: 'd' })).Role;
    expect(created).toMatchObject({ RoleName: 'builder', Path: '/svc/', Arn: `arn:aws:iam::${h.account}:role/svc/builder`, Description: 'd' });
    expect(created.RoleId).toMatch(/^AROA/);
    expect(created.MaxSessionDuration).toBeUndefined();
    expect(decodeURIComponent(created.AssumeRolePolicyDocument)).toBe(TRUST);
    const got = (await h.call<Any>('GetRole', { RoleName: 'builder' })).Role;
    expect(got).toMatchObject({ MaxSessionDuration: 3600, RoleLastUsed: {} });
    const listed = (await h.call<Any>('ListRoles', {})).Roles[0];
    expect(listed.RoleLastUsed).toBeUndefined();
    expect(listed.MaxSessionDuration).toBe(3600);
    expect((await h.fail('CreateRole', { RoleName: 'BUILDER', AssumeRolePolicyDocument: TRUST })).message).toBe('Role with name BUILDER already exists.');
    expect((await h.fail('GetRole', { RoleName: 'nope' })).message).toBe('The role with name nope cannot be found.');
    const updated = trustFor({ AWS: h.account });
    await h.call('UpdateAssumeRolePolicy', { RoleName: 'builder', PolicyDocument: updated });
    expect(decodeURIComponent((await h.call<Any>('GetRole', { RoleName: 'builder' })).Role.AssumeRolePolicyDocument)).toBe(updated);
  });

  it('checks trust policies with the policy engine', async () => {
    const h = await iamHarness();
    const notJson = await h.fail('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: '{"Version":' });
    expect([notJson.code, notJson.status]).toEqual(['MalformedPolicyDocument', 400]);
    const withResource = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: h.account }, Action: 'sts:AssumeRole', Resource: '*' }],
    });
    expect((await h.fail('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: withResource })).code).toBe('MalformedPolicyDocument');
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    expect((await h.fail('UpdateAssumeRolePolicy', { RoleName: 'r', PolicyDocument: allow('s3:*') })).code).toBe('MalformedPolicyDocument');
  });

  it('refuses DeleteRole while policies are attached or inline', async () => {
    const h = await iamHarness();
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST });
    const arn = (await h.call<Any>('CreatePolicy', { PolicyName: 'p', PolicyDocument: allow('s3:*') })).Policy.Arn;
    await h.call('AttachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    await h.call('PutRolePolicy', { RoleName: 'r', PolicyName: 'i', PolicyDocument: allow('s3:*') });
    expect((await h.fail('DeleteRole', { RoleName: 'r' })).message).toBe('Cannot delete entity, must detach all policies first.');
    await h.call('DetachRolePolicy', { RoleName: 'r', PolicyArn: arn });
    expect((await h.fail('DeleteRole', { RoleName: 'r' })).message).toBe('Cannot delete entity, must delete policies first.');
    await h.call('DeleteRolePolicy', { RoleName: 'r', PolicyName: 'i' });
    await h.call('DeleteRole', { RoleName: 'r' });
    expect((await h.fail('DeleteRole', { RoleName: 'r' })).message).toBe('The role with name r cannot be found.');
  });

  it('tags users and roles with case-insensitive keys', async () => {
    const h = await iamHarness();
    await h.call('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'Env', Value: 'dev' }] });
    await h.call('TagRole', { RoleName: 'r', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'Team', Value: 'x' }] });
    expect((await h.call<Any>('ListRoleTags', { RoleName: 'r' })).Tags).toEqual([
      { Key: 'Team', Value: 'x' },
      { Key: 'env', Value: 'prod' },
    ]);
    await h.call('UntagRole', { RoleName: 'r', TagKeys: ['TEAM'] });
    expect((await h.call<Any>('ListRoleTags', { RoleName: 'r' })).Tags).toEqual([{ Key: 'env', Value: 'prod' }]);
    const dup = await h.fail('TagRole', { RoleName: 'r', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] });
    expect([dup.code, dup.message]).toEqual(['InvalidInput', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.']);
    expect((await h.fail('ListUserTags', { UserName: 'ghost' })).message).toBe('The user with name ghost cannot be found.');
    // A user's keys carry its tags, for aws:PrincipalTag.
    await h.call('CreateUser', { UserName: 'ivan' });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'ivan' })).AccessKey;
    await h.call('TagUser', { UserName: 'ivan', Tags: [{ Key: 'dept', Value: 'media' }] });
    expect((await h.identity.lookupAccessKey(k.AccessKeyId))?.principal.tags).toEqual({ dept: 'media' });
    await h.call('UntagUser', { UserName: 'ivan', TagKeys: ['dept'] });
    expect((await h.identity.lookupAccessKey(k.AccessKeyId))?.principal.tags).toBeUndefined();
    expect((await h.call<Any>('ListUserTags', { UserName: 'ivan' })).Tags).toEqual([]);
  });
});

describe('IAM groups (in-process)', () => {
  it('keeps memberships on both sides and refuses DeleteGroup while it has members or policies', async () => {
    const h = await iamHarness();
    const g = (await h.call<Any>('CreateGroup', { GroupName: 'devs', Path: '/eng/' })).Group;
    expect(g).toMatchObject({ GroupName: 'devs', Arn: `arn:aws:iam::${h.account}:group/eng/devs` });
    expect(g.GroupId).toMatch(/^AGPA/);
    expect((await h.fail('CreateGroup', { GroupName: 'DEVS' })).message).toBe('Group with name DEVS already exists.');
    await h.call('CreateUser', { UserName: 'judy' });
    expect((await h.fail('AddUserToGroup', { GroupName: 'devs', UserName: 'nobody' })).message).toBe('The user with name nobody cannot be found.');
    expect((await h.fail('AddUserToGroup', { GroupName: 'nogroup', UserName: 'judy' })).message).toBe('The group with name nogroup cannot be found.');
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'judy' });
    await h.call('AddUserToGroup', { GroupName: 'devs', UserName: 'judy' });
    const got = await h.call<Any>('GetGroup', { GroupName: 'devs' });
    expect(got.Users.map((u: Any) => u.UserName)).toEqual(['judy']);
    expect((await h.call<Any>('ListGroupsForUser', { UserName: 'judy' })).Groups.map((x: Any) => x.GroupName)).toEqual(['devs']);
    expect((await h.call<Any>('ListGroups', { PathPrefix: '/eng/' })).Groups).toHaveLength(1);
    expect((await h.fail('DeleteGroup', { GroupName: 'devs' })).message).toBe('Cannot delete entity, must remove users from group first.');
    await h.call('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'judy' });
    await h.call('RemoveUserFromGroup', { GroupName: 'devs', UserName: 'judy' });
    expect((await h.fail('RemoveUserFromGroup', { GroupName: 'nogroup', UserName: 'ghost' })).message).toBe('The user with name ghost cannot be found.');
    await h.call('PutGroupPolicy', { GroupName: 'devs', PolicyName: 'p', PolicyDocument: allow('s3:*') });
    expect((await h.fail('DeleteGroup', { GroupName: 'devs' })).message).toBe('Cannot delete entity, must delete policies first.');
    await h.call('DeleteGroupPolicy', { GroupName: 'devs', PolicyName: 'p' });
    await h.call('DeleteGroup', { GroupName: 'devs' });
    expect((await h.fail('GetGroup', { GroupName: 'devs' })).message).toBe('The group with name devs cannot be found.');
  });
});

describe('IAM inline and managed policies (in-process)', () => {
  for (const [kind, Kind, create] of [
    ['user', 'User', { op: 'CreateUser', input: { UserName: 'e' } }],
    ['group', 'Group', { op: 'CreateGroup', input: { GroupName: 'e' } }],
    ['role', 'Role', { op: 'CreateRole', input: { RoleName: 'e', AssumeRolePolicyDocument: TRUST } }],
  ] as const) {
    it(`puts, gets, lists and deletes ${kind} inline policies`, async () => {
      const h = await iamHarness();
      const name = { [`${Kind}Name`]: 'e' };
      expect((await h.fail(`Put${Kind}Policy`, { ...name, PolicyName: 'p', PolicyDocument: allow('s3:*') })).message).toBe(
        `The ${kind} with name e cannot be found.`,
      );
      await h.call(create.op, create.input);
      const doc = allow('secretsmanager:GetSecretValue', 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-??????');
      await h.call(`Put${Kind}Policy`, { ...name, PolicyName: 'p2', PolicyDocument: doc });
      await h.call(`Put${Kind}Policy`, { ...name, PolicyName: 'p1', PolicyDocument: allow('s3:*') });
      const got = await h.call<Any>(`Get${Kind}Policy`, { ...name, PolicyName: 'p2' });
      expect(got).toEqual({ [`${Kind}Name`]: 'e', PolicyName: 'p2', PolicyDocument: encodeURIComponent(doc) });
      expect((await h.call<Any>(`List${Kind}Policies`, name)).PolicyNames).toEqual(['p1', 'p2']);
      const missing = await h.fail(`Get${Kind}Policy`, { ...name, PolicyName: 'zz' });
      expect([missing.code, missing.status, missing.message]).toEqual(['NoSuchEntity', 404, `The ${kind} policy with name zz cannot be found.`]);
      expect((await h.fail(`Delete${Kind}Policy`, { ...name, PolicyName: 'zz' })).message).toBe(`The ${kind} policy with name zz cannot be found.`);
      const bad = await h.fail(`Put${Kind}Policy`, { ...name, PolicyName: 'p3', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3"}]}' });
      expect(bad.code).toBe('MalformedPolicyDocument');
      await h.call(`Delete${Kind}Policy`, { ...name, PolicyName: 'p1' });
      expect((await h.call<Any>(`List${Kind}Policies`, name)).PolicyNames).toEqual(['p2']);
    });
  }

  it('limits the aggregate size of a user\'s inline policies', async () => {
    const h = await iamHarness();
    await h.call('CreateUser', { UserName: 'u' });
    const big = allow(Array.from({ length: 100 }, (_, i) => `s3:GetObjectVersion${i}`));
    const e = await h.fail('PutUserPolicy', { UserName: 'u', PolicyName: 'big', PolicyDocument: big });
    expect([e.code, e.status, e.message]).toEqual(['LimitExceeded', 409, 'Maximum policy size of 2048 bytes exceeded for user u']);
  });

  it('manages customer managed policies: create, get, versions, attach, detach, list, delete', async () => {
    const h = await iamHarness();
    const doc = allow('s3:ListBucket');
    const p = (await h.call<Any>('CreatePolicy', { PolicyName: 'reader', Path: '/x/', PolicyDocument: doc, Description: 'read' })).Policy;
    expect(p).toMatchObject({ PolicyName: 'reader', Arn: `arn:aws:iam::${h.account}:policy/x/reader`, DefaultVersionId: 'v1', AttachmentCount: 0, IsAttachable: true });
    expect(p.PolicyId).toMatch(/^ANPA/);
    expect(p.Description).toBeUndefined();
    expect((await h.call<Any>('GetPolicy', { PolicyArn: p.Arn })).Policy).toMatchObject({ Description: 'read', Tags: [] });
    const dup = await h.fail('CreatePolicy', { PolicyName: 'reader', PolicyDocument: doc });
    expect([dup.code, dup.message]).toEqual(['EntityAlreadyExists', 'A policy called reader already exists. Duplicate names are not allowed.']);
    const old = await h.fail('CreatePolicy', { PolicyName: 'old', PolicyDocument: JSON.stringify({ Version: '2008-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) });
    expect([old.code, old.message]).toEqual(['MalformedPolicyDocument', 'Policy document must be version 2012-10-17 or greater.']);
    const wrongPath = `arn:aws:iam::${h.account}:policy/reader`;
    expect((await h.fail('GetPolicy', { PolicyArn: wrongPath })).message).toBe(`Policy ${wrongPath} was not found.`);
    const v1 = (await h.call<Any>('GetPolicyVersion', { PolicyArn: p.Arn, VersionId: 'v1' })).PolicyVersion;
    expect(v1).toMatchObject({ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(doc) });
    expect((await h.fail('GetPolicyVersion', { PolicyArn: p.Arn, VersionId: 'v9' })).message).toBe(`Policy ${p.Arn} version v9 does not exist or is not attachable.`);

    await h.call('CreateUser', { UserName: 'u' });
    const nope = `arn:aws:iam::${h.account}:policy/nonexistent`;
    expect((await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: nope })).message).toBe(`Policy ${nope} does not exist or is not attachable.`);
    const notArn = await h.fail('AttachUserPolicy', { UserName: 'u', PolicyArn: 'longpolicynamebutnoarn' });
    expect([notArn.code, notArn.message]).toEqual(['ValidationError', 'ARN longpolicynamebutnoarn is not valid.']);
    expect((await h.fail('DetachUserPolicy', { UserName: 'u', PolicyArn: p.Arn })).message).toBe(`Policy ${p.Arn} was not found.`);
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: p.Arn });
    await h.call('AttachUserPolicy', { UserName: 'u', PolicyArn: p.Arn });
    expect((await h.call<Any>('ListAttachedUserPolicies', { UserName: 'u' })).AttachedPolicies).toEqual([{ PolicyName: 'reader', PolicyArn: p.Arn }]);
    expect((await h.call<Any>('ListAttachedUserPolicies', { UserName: 'u', PathPrefix: '/y/' })).AttachedPolicies).toEqual([]);
    expect((await h.call<Any>('GetPolicy', { PolicyArn: p.Arn })).Policy.AttachmentCount).toBe(1);
    expect((await h.call<Any>('ListPolicies', { OnlyAttached: true })).Policies.map((x: Any) => x.PolicyName)).toEqual(['reader']);
    expect((await h.call<Any>('ListPolicies', { Scope: 'AWS' })).Policies).toEqual([]);
    const conflict = await h.fail('DeletePolicy', { PolicyArn: p.Arn });
    expect([conflict.code, conflict.status, conflict.message]).toEqual(['DeleteConflict', 409, 'Cannot delete a policy attached to entities.']);
    await h.call('DetachUserPolicy', { UserName: 'u', PolicyArn: p.Arn });
    await h.call('DeletePolicy', { PolicyArn: p.Arn });
    expect((await h.fail('GetPolicy', { PolicyArn: p.Arn })).message).toBe(`Policy ${p.Arn} was not found.`);
  });

  it('permissions boundaries must name an existing managed policy', async () => {
    const h = await iamHarness();
    const bad = await h.fail('CreateRole', { RoleName: 'r', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: `arn:aws:iam::${h.account}:not_a_policy/invalid` });
    expect([bad.code, bad.message]).toEqual(['InvalidInput', `ARN arn:aws:iam::${h.account}:not_a_policy/invalid is not valid.`]);
    const missing = `arn:aws:iam::${h.account}:policy/nonexistent-policy`;
    expect((await h.fail('CreateUser', { UserName: 'u', PermissionsBoundary: missing })).message).toBe(`Scope ARN: ${missing} does not exist or is not attachable.`);
    const arn = (await h.call<Any>('CreatePolicy', { PolicyName: 'b', PolicyDocument: allow('s3:*') })).Policy.Arn;
    const u = (await h.call<Any>('CreateUser', { UserName: 'u', PermissionsBoundary: arn })).User;
    expect(u.PermissionsBoundary).toEqual({ PermissionsBoundaryType: 'Policy', PermissionsBoundaryArn: arn });
    expect((await h.call<Any>('GetPolicy', { PolicyArn: arn })).Policy.PermissionsBoundaryUsageCount).toBe(1);
    expect((await h.fail('DeletePolicy', { PolicyArn: arn })).code).toBe('DeleteConflict');
    await h.call('DeleteUser', { UserName: 'u' });
    await h.call('DeletePolicy', { PolicyArn: arn });
  });
});

describe('policiesForPrincipal', () => {
  it("collects a user's inline and attached policies and its groups', and the boundary", async () => {
    const h = await iamHarness();
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('CreateGroup', { GroupName: 'g' });
    await h.call('AddUserToGroup', { GroupName: 'g', UserName: 'u' });
    const managed = allow('kms:Decrypt');
    const arn = (await h.call<Any>('CreatePolicy', { PolicyName: 'm', PolicyDocument: managed })).Policy.Arn;
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'own', PolicyDocument: allow('s3:GetObject') });
    await h.call('AttachGroupPolicy', { GroupName: 'g', PolicyArn: arn });
    await h.call('PutGroupPolicy', { GroupName: 'g', PolicyName: 'grp', PolicyDocument: allow('s3:PutObject') });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'u' })).AccessKey;
    const principal = await principalOf(h, k.AccessKeyId);
    const got = await policiesForPrincipal(h.app, principal);
    expect(got.identity).toEqual([
      { document: allow('s3:GetObject'), name: 'own' },
      { document: allow('s3:PutObject'), name: 'grp' },
      { document: managed, arn, name: 'm' },
    ]);
    expect(got.boundary).toBeUndefined();
    expect(got.sessionPolicy).toBeUndefined();
    // Cached until an IAM change in the account is announced.
    expect(await policiesForPrincipal(h.app, principal)).toBe(got);
    await h.call('RemoveUserFromGroup', { GroupName: 'g', UserName: 'u' });
    const after = await policiesForPrincipal(h.app, principal);
    expect(after.identity).toEqual([{ document: allow('s3:GetObject'), name: 'own' }]);
    // Another node's change arrives through the bus the same way.
    h.app.bus.deliver('iam', h.account);
    expect(await policiesForPrincipal(h.app, principal)).not.toBe(after);
  });

  it('gives nothing to root, services, and principals whose user is gone or replaced', async () => {
    const h = await iamHarness();
    expect((await policiesForPrincipal(h.app, h.root)).identity).toEqual([]);
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: allow('s3:*') });
    const k = (await h.call<Any>('CreateAccessKey', { UserName: 'u' })).AccessKey;
    const principal = await principalOf(h, k.AccessKeyId);
    expect((await policiesForPrincipal(h.app, principal)).identity).toHaveLength(1);
    await h.call('DeleteAccessKey', { UserName: 'u', AccessKeyId: k.AccessKeyId });
    await h.call('DeleteUserPolicy', { UserName: 'u', PolicyName: 'p' });
    await h.call('DeleteUser', { UserName: 'u' });
    await h.call('CreateUser', { UserName: 'u' });
    await h.call('PutUserPolicy', { UserName: 'u', PolicyName: 'p', PolicyDocument: allow('s3:*') });
    expect((await policiesForPrincipal(h.app, principal)).identity).toEqual([]);
  });
});
