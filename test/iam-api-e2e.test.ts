import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreatePolicyCommand,
  CreateRoleCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeletePolicyCommand,
  DeleteUserCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  GetUserCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListAttachedUserPoliciesCommand,
  ListGroupsForUserCommand,
  ListUsersCommand,
  PutRolePolicyCommand,
  TagUserCommand,
  UpdateAccessKeyCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from './helpers/aws-cli.js';
import { startServer, type Credentials, type TestServer } from './helpers/server.js';

const iam = (server: TestServer, credentials: Credentials = server.credentials) =>
  new IAMClient({ endpoint: server.endpoint, region: server.region, credentials });
const sts = (server: TestServer, credentials: Credentials & { sessionToken?: string }) =>
  new STSClient({ endpoint: server.endpoint, region: server.region, credentials });

interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}
const failure = (p: Promise<unknown>): Promise<SdkError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: SdkError) => e,
  );
const brief = (e: SdkError) => [e.name, e.$metadata?.httpStatusCode, e.message];

const policy = (action: string, resource = '*') =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

describe('IAM API end to end (secure mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a new user\'s access key authenticates as the user until it is made Inactive, at once', async () => {
    const admin = iam(server);
    const user = (await admin.send(new CreateUserCommand({ UserName: 'alice' }))).User!;
    expect(user.Arn).toBe(`arn:aws:iam::${server.account}:user/alice`);
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    expect(key.Status).toBe('Active');
    const creds = { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
    const me = await sts(server, creds).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: user.Arn, UserId: user.UserId, Account: server.account });
    const listed = (await admin.send(new ListAccessKeysCommand({ UserName: 'alice' }))).AccessKeyMetadata!;
    expect(listed.map((k) => [k.AccessKeyId, k.Status])).toEqual([[key.AccessKeyId, 'Active']]);
    expect(JSON.stringify(listed)).not.toContain(key.SecretAccessKey);

    await admin.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Inactive' }));
    const refused = await failure(sts(server, creds).send(new GetCallerIdentityCommand({})));
    expect(brief(refused)).toEqual(['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
    await admin.send(new UpdateAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId, Status: 'Active' }));
    expect((await sts(server, creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(user.Arn);
    await admin.send(new DeleteAccessKeyCommand({ UserName: 'alice', AccessKeyId: key.AccessKeyId }));
    expect((await failure(sts(server, creds).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });

  it('answers NoSuchEntity, EntityAlreadyExists, DeleteConflict and LimitExceeded as IAM does', async () => {
    const admin = iam(server);
    expect(brief(await failure(admin.send(new GetUserCommand({ UserName: 'nobody' }))))).toEqual([
      'NoSuchEntityException',
      404,
      'The user with name nobody cannot be found.',
    ]);
    await admin.send(new CreateUserCommand({ UserName: 'bob' }));
    expect(brief(await failure(admin.send(new CreateUserCommand({ UserName: 'bob' }))))).toEqual([
      'EntityAlreadyExistsException',
      409,
      'User with name bob already exists.',
    ]);
    await admin.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    await admin.send(new CreateAccessKeyCommand({ UserName: 'bob' }));
    expect(brief(await failure(admin.send(new CreateAccessKeyCommand({ UserName: 'bob' }))))).toEqual([
      'LimitExceededException',
      409,
      'Cannot exceed quota for AccessKeysPerUser: 2',
    ]);
    expect(brief(await failure(admin.send(new DeleteUserCommand({ UserName: 'bob' }))))).toEqual([
      'DeleteConflictException',
      409,
      'Cannot delete entity, must delete access keys first.',
    ]);
    await admin.send(new CreateGroupCommand({ GroupName: 'devs' }));
    await admin.send(new CreateUserCommand({ UserName: 'carol' }));
    await admin.send(new AddUserToGroupCommand({ GroupName: 'devs', UserName: 'carol' }));
    expect((await admin.send(new ListGroupsForUserCommand({ UserName: 'carol' }))).Groups!.map((g) => g.GroupName)).toEqual(['devs']);
    expect(brief(await failure(admin.send(new DeleteGroupCommand({ GroupName: 'devs' }))))).toEqual([
      'DeleteConflictException',
      409,
      'Cannot delete entity, must remove users from group first.',
    ]);
    const bad = await failure(admin.send(new CreatePolicyCommand({ PolicyName: 'bad', PolicyDocument: '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3"}]}' })));
    expect([bad.name, bad.$metadata?.httpStatusCode]).toEqual(['MalformedPolicyDocumentException', 400]);
  });

  it('managed policies attach and refuse deletion while attached', async () => {
    const admin = iam(server);
    await admin.send(new CreateUserCommand({ UserName: 'dave' }));
    const arn = (await admin.send(new CreatePolicyCommand({ PolicyName: 'ListOnly', PolicyDocument: policy('iam:ListUsers') }))).Policy!.Arn!;
    await admin.send(new AttachUserPolicyCommand({ UserName: 'dave', PolicyArn: arn }));
    expect((await admin.send(new ListAttachedUserPoliciesCommand({ UserName: 'dave' }))).AttachedPolicies).toEqual([{ PolicyName: 'ListOnly', PolicyArn: arn }]);
    expect(brief(await failure(admin.send(new DeletePolicyCommand({ PolicyArn: arn }))))).toEqual([
      'DeleteConflictException',
      409,
      'Cannot delete a policy attached to entities.',
    ]);
    // The attached policy is what the user may now do.
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'dave' }))).AccessKey!;
    const dave = iam(server, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    expect((await dave.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName)).toContain('dave');
    expect((await failure(dave.send(new CreateUserCommand({ UserName: 'eve' })))).name).toBe('AccessDenied');
  });

  it('returns policy documents URL-encoded, as IAM does (the SDK leaves them so)', async () => {
    const admin = iam(server);
    const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Action: 'sts:AssumeRole' }] });
    await admin.send(new CreateRoleCommand({ RoleName: 'build', AssumeRolePolicyDocument: trust, Tags: [{ Key: 'k', Value: 'v' }] }));
    const role = (await admin.send(new GetRoleCommand({ RoleName: 'build' }))).Role!;
    expect(role.MaxSessionDuration).toBe(3600);
    expect(role.Tags).toEqual([{ Key: 'k', Value: 'v' }]);
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(trust);
    const doc = policy('secretsmanager:GetSecretValue', `arn:aws:secretsmanager:us-east-1:${server.account}:secret:build/*`);
    await admin.send(new PutRolePolicyCommand({ RoleName: 'build', PolicyName: 'read', PolicyDocument: doc }));
    const got = await admin.send(new GetRolePolicyCommand({ RoleName: 'build', PolicyName: 'read' }));
    expect(decodeURIComponent(got.PolicyDocument!)).toBe(doc);
    expect(brief(await failure(admin.send(new GetRolePolicyCommand({ RoleName: 'build', PolicyName: 'nope' }))))).toEqual([
      'NoSuchEntityException',
      404,
      'The role policy with name nope cannot be found.',
    ]);
  });

  it('works through the aws CLI, which decodes policy documents', async () => {
    const create = await awsCli(server, ['iam', 'create-user', '--user-name', 'cli-user', '--path', '/cli/']);
    expect(create.code).toBe(0);
    expect(JSON.parse(create.stdout).User.Arn).toBe(`arn:aws:iam::${server.account}:user/cli/cli-user`);
    const doc = policy('s3:GetObject');
    expect((await awsCli(server, ['iam', 'put-user-policy', '--user-name', 'cli-user', '--policy-name', 'p', '--policy-document', doc])).code).toBe(0);
    const got = await awsCli(server, ['iam', 'get-user-policy', '--user-name', 'cli-user', '--policy-name', 'p']);
    expect(JSON.parse(got.stdout).PolicyDocument).toEqual(JSON.parse(doc));
    const keys = await awsCli(server, ['iam', 'create-access-key', '--user-name', 'cli-user']);
    const key = JSON.parse(keys.stdout).AccessKey;
    const who = await awsCli(server, ['sts', 'get-caller-identity'], { AWS_ACCESS_KEY_ID: key.AccessKeyId, AWS_SECRET_ACCESS_KEY: key.SecretAccessKey });
    expect(JSON.parse(who.stdout).Arn).toBe(`arn:aws:iam::${server.account}:user/cli/cli-user`);
    const tags = await awsCli(server, ['iam', 'tag-user', '--user-name', 'cli-user', '--tags', 'Key=team,Value=media']);
    expect(tags.code).toBe(0);
    expect(JSON.parse((await awsCli(server, ['iam', 'list-user-tags', '--user-name', 'cli-user'])).stdout).Tags).toEqual([{ Key: 'team', Value: 'media' }]);
    const del = await awsCli(server, ['iam', 'delete-user', '--user-name', 'cli-user']);
    expect(del.code).not.toBe(0);
    expect(del.stderr).toContain('An error occurred (DeleteConflict) when calling the DeleteUser operation: Cannot delete entity, must delete access keys first.');
    const missing = await awsCli(server, ['iam', 'get-role', '--role-name', 'no-such-role']);
    expect(missing.stderr).toContain('An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name no-such-role cannot be found.');
  });

  it('tags users through the SDK and lists users with paging', async () => {
    const admin = iam(server);
    for (const n of ['page-a', 'page-b', 'page-c']) await admin.send(new CreateUserCommand({ UserName: n, Path: '/paging/' }));
    await admin.send(new TagUserCommand({ UserName: 'page-a', Tags: [{ Key: 'x', Value: '1' }] }));
    const first = await admin.send(new ListUsersCommand({ PathPrefix: '/paging/', MaxItems: 2 }));
    expect(first.Users!.map((u) => u.UserName)).toEqual(['page-a', 'page-b']);
    expect(first.IsTruncated).toBe(true);
    const rest = await admin.send(new ListUsersCommand({ PathPrefix: '/paging/', Marker: first.Marker }));
    expect(rest.Users!.map((u) => u.UserName)).toEqual(['page-c']);
    expect(rest.IsTruncated).toBe(false);
  });
});
