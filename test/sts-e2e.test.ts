import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCli } from './helpers/aws-cli.js';
import { startServer, type TestServer } from './helpers/server.js';

interface Creds {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

const iam = (server: TestServer, credentials: Creds = server.credentials) => new IAMClient({ endpoint: server.endpoint, region: server.region, credentials });
const sts = (server: TestServer, credentials: Creds = server.credentials) =>
  new STSClient({ endpoint: server.endpoint, region: server.region, credentials, maxAttempts: 1 });
const failure = (p: Promise<unknown>): Promise<SdkError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: SdkError) => e,
  );
const brief = (e: SdkError) => [e.name, e.$metadata?.httpStatusCode, e.message];

const trust = (principal: Record<string, string>, extra: object = {}) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra }] });
const allow = (action: string, resource = '*') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: resource }] });

async function newUser(server: TestServer, name: string, policy?: string): Promise<{ arn: string; creds: Creds }> {
  const admin = iam(server);
  const user = (await admin.send(new CreateUserCommand({ UserName: name }))).User!;
  if (policy) await admin.send(new PutUserPolicyCommand({ UserName: name, PolicyName: 'p', PolicyDocument: policy }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey!;
  return { arn: user.Arn!, creds: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! } };
}

const sessionCreds = (c: { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string }): Creds => ({
  accessKeyId: c.AccessKeyId!,
  secretAccessKey: c.SecretAccessKey!,
  sessionToken: c.SessionToken!,
});

describe('STS end to end (secure mode: signatures verified)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a user assumes a role its trust policy names; the temporary credentials sign as the role session', async () => {
    const alice = await newUser(server, 'alice');
    const roleArn = (await iam(server).send(new CreateRoleCommand({ RoleName: 'reader', AssumeRolePolicyDocument: trust({ AWS: alice.arn }) }))).Role!.Arn!;
    const out = await sts(server, alice.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'alice-session', DurationSeconds: 900 }));
    expect(out.AssumedRoleUser!.Arn).toBe(`arn:aws:sts::${server.account}:assumed-role/reader/alice-session`);
    expect(out.AssumedRoleUser!.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{16}:alice-session$/);
    expect(out.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    expect(out.Credentials!.Expiration!.getTime() - Date.now()).toBeGreaterThan(800_000);
    const session = sessionCreds(out.Credentials!);
    const me = await sts(server, session).send(new GetCallerIdentityCommand({}));
    expect(me).toMatchObject({ Arn: out.AssumedRoleUser!.Arn, UserId: out.AssumedRoleUser!.AssumedRoleId, Account: server.account });
    // The token is part of the credentials: without it, or altered, the key is unknown.
    const noToken = await failure(sts(server, { ...session, sessionToken: undefined }).send(new GetCallerIdentityCommand({})));
    expect(brief(noToken)).toEqual(['InvalidClientTokenId', 403, 'The security token included in the request is invalid.']);
    const altered = await failure(sts(server, { ...session, sessionToken: `${session.sessionToken!.slice(0, -4)}AAAA` }).send(new GetCallerIdentityCommand({})));
    expect(altered.name).toBe('InvalidClientTokenId');
    const wrongSecret = await failure(sts(server, { ...session, secretAccessKey: 'x'.repeat(40) }).send(new GetCallerIdentityCommand({})));
    expect(wrongSecret.name).toBe('SignatureDoesNotMatch');
  });

  it('refuses with AccessDenied when the trust policy does not allow the caller', async () => {
    const bob = await newUser(server, 'bob', allow('sts:AssumeRole'));
    const roleArn = (await iam(server).send(new CreateRoleCommand({ RoleName: 'ec2-only', AssumeRolePolicyDocument: trust({ Service: 'ec2.amazonaws.com' }) }))).Role!.Arn!;
    const denied = await failure(sts(server, bob.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })));
    expect(brief(denied)).toEqual(['AccessDenied', 403, `User: ${bob.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`]);
    const root = await failure(sts(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })));
    expect(root.message).toBe(`User: arn:aws:iam::${server.account}:root is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`);
  });

  it('ExternalId, MaxSessionDuration and RoleArn checks answer as STS does', async () => {
    const roleArn = (
      await iam(server).send(
        new CreateRoleCommand({
          RoleName: 'partner',
          AssumeRolePolicyDocument: trust({ AWS: server.account }, { Condition: { StringEquals: { 'sts:ExternalId': 'ext-1' } } }),
        }),
      )
    ).Role!.Arn!;
    expect((await failure(sts(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })))).name).toBe('AccessDenied');
    const ok = await sts(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'ext-1' }));
    expect(ok.Credentials!.AccessKeyId).toMatch(/^ASIA/);
    const tooLong = await failure(sts(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess', ExternalId: 'ext-1', DurationSeconds: 7200 })));
    expect(brief(tooLong)).toEqual(['ValidationError', 400, 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.']);
    const invalid = await failure(sts(server).send(new AssumeRoleCommand({ RoleArn: 'nothing-valid-in-here', RoleSessionName: 'sess' })));
    expect(brief(invalid)).toEqual(['ValidationError', 400, 'nothing-valid-in-here is invalid']);
  });

  it('GetSessionToken gives a user session credentials that sign as the user', async () => {
    const carol = await newUser(server, 'carol');
    const out = await sts(server, carol.creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }));
    const session = sessionCreds(out.Credentials!);
    expect((await sts(server, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(carol.arn);
    const again = await failure(sts(server, session).send(new GetSessionTokenCommand({})));
    expect(brief(again)).toEqual(['AccessDenied', 403, 'Cannot call GetSessionToken with session credentials']);
  });

  it('works through the aws CLI: assume-role, then calls with the session credentials', async () => {
    const roleArn = (await iam(server).send(new CreateRoleCommand({ RoleName: 'cli-role', AssumeRolePolicyDocument: trust({ AWS: server.account }) }))).Role!.Arn!;
    const assumed = await awsCli(server, ['sts', 'assume-role', '--role-arn', roleArn, '--role-session-name', 'cli']);
    expect(assumed.code).toBe(0);
    const c = JSON.parse(assumed.stdout).Credentials;
    const who = await awsCli(server, ['sts', 'get-caller-identity'], {
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.SessionToken,
    });
    expect(JSON.parse(who.stdout).Arn).toBe(`arn:aws:sts::${server.account}:assumed-role/cli-role/cli`);
    const denied = await awsCli(server, ['sts', 'assume-role', '--role-arn', `arn:aws:iam::${server.account}:role/missing`, '--role-session-name', 'cli']);
    expect(denied.stderr).toContain(
      `An error occurred (AccessDenied) when calling the AssumeRole operation: User: arn:aws:iam::${server.account}:root is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::${server.account}:role/missing`,
    );
  });
});

describe('STS end to end (dev mode clock)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dev: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('role credentials work until they expire, then ExpiredToken', async () => {
    const roleArn = (await iam(server).send(new CreateRoleCommand({ RoleName: 'short', AssumeRolePolicyDocument: trust({ AWS: server.account }) }))).Role!.Arn!;
    const out = await sts(server).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tick', DurationSeconds: 900 }));
    const session = sessionCreds(out.Credentials!);
    expect((await sts(server, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser!.Arn);
    await server.advanceClock(800);
    expect((await sts(server, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(out.AssumedRoleUser!.Arn);
    await server.advanceClock(101);
    const expired = await failure(sts(server, session).send(new GetCallerIdentityCommand({})));
    expect([expired.name, expired.message]).toEqual(['ExpiredToken', 'The security token included in the request is expired']);
  });

  it('an Inactive key is refused in dev mode too', async () => {
    const dana = await newUser(server, 'dana');
    expect((await sts(server, dana.creds).send(new GetCallerIdentityCommand({}))).Arn).toBe(dana.arn);
    await iam(server).send(new UpdateAccessKeyCommand({ UserName: 'dana', AccessKeyId: dana.creds.accessKeyId, Status: 'Inactive' }));
    expect((await failure(sts(server, dana.creds).send(new GetCallerIdentityCommand({})))).name).toBe('InvalidClientTokenId');
  });
});
