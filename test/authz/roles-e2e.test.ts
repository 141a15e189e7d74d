import { CreateRoleCommand, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { CreateSecretCommand, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { AssumeRoleCommand, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openData } from '../../src/cli/open-data.js';
import type { Config } from '../../src/config.js';
import { StoredIdentity } from '../../src/identity/identity-store-impl.js';
import { Clock } from '../../src/protocol/clock.js';
import type { AppServices } from '../../src/server/app-services.js';
import { createKmsInternal } from '../../src/services/kms/index.js';
import { assumeRoleForService } from '../../src/services/sts/index.js';
import { startServer, type TestServer } from '../helpers/server.js';
import { allow, brief, deny, failure, iam, newUser, noIdentityAllow, notAuthorized, policy, sessionCreds, sm, sts, type Creds } from './clients.js';

const GSV = 'secretsmanager:GetSecretValue';
const trust = (principal: Record<string, string>, extra: Record<string, unknown> = {}): string =>
  policy({ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole', ...extra });

async function newSecret(server: TestServer, name: string): Promise<string> {
  return (await sm(server).send(new CreateSecretCommand({ Name: name, SecretString: `value of ${name}` }))).ARN!;
}

async function newRole(server: TestServer, name: string, trustPolicy: string, rolePolicy: string, path = '/'): Promise<string> {
  const arn = (await iam(server).send(new CreateRoleCommand({ RoleName: name, Path: path, AssumeRolePolicyDocument: trustPolicy }))).Role!.Arn!;
  await iam(server).send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'inline', PolicyDocument: rolePolicy }));
  return arn;
}

describe('an assumed role (dev mode with --enforce-iam, on the dev clock)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dev: true, args: ['--enforce-iam'] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('works as the role, for what the role may do, until its credentials expire', async () => {
    const readable = await newSecret(server, 'ci/token');
    const other = await newSecret(server, 'ci/other');
    const tom = await newUser(server, 'tom');
    const roleArn = await newRole(
      server,
      'builder',
      trust({ AWS: tom.arn }),
      // aws:PrincipalArn of a session is the role's ARN, path included.
      policy(allow(GSV, readable, { Condition: { ArnEquals: { 'aws:PrincipalArn': `arn:aws:iam::${server.account}:role/ci/builder` } } })),
      '/ci/',
    );
    expect(roleArn).toBe(`arn:aws:iam::${server.account}:role/ci/builder`);
    // Tom himself may not read it.
    expect((await failure(sm(server, tom.creds).send(new GetSecretValueCommand({ SecretId: readable })))).name).toBe('AccessDeniedException');
    const out = await sts(server, tom.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'tom-session', DurationSeconds: 900 }));
    const session = sessionCreds(out.Credentials!);
    const sessionArn = `arn:aws:sts::${server.account}:assumed-role/builder/tom-session`;
    expect((await sts(server, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(sessionArn);
    expect((await sm(server, session).send(new GetSecretValueCommand({ SecretId: readable }))).SecretString).toBe('value of ci/token');
    const refused = await failure(sm(server, session).send(new GetSecretValueCommand({ SecretId: other })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(sessionArn, GSV, other, noIdentityAllow(GSV))]);
    // The dev clock runs on from real time, and Expiration has whole seconds: a few seconds of margin either side.
    await server.advanceClock(895);
    expect((await sm(server, session).send(new GetSecretValueCommand({ SecretId: readable }))).SecretString).toBe('value of ci/token');
    await server.advanceClock(6);
    const expired = await failure(sm(server, session).send(new GetSecretValueCommand({ SecretId: readable })));
    expect(brief(expired)).toEqual(['ExpiredTokenException', 'The security token included in the request is expired']);
  });

  it('a trust policy that does not name the caller, or an explicit deny, refuses in STS\'s words', async () => {
    const uma = await newUser(server, 'uma', policy(allow('sts:AssumeRole')));
    const vic = await newUser(server, 'vic', policy(deny('sts:AssumeRole')));
    const roleArn = await newRole(server, 'vic-only', trust({ AWS: vic.arn }), policy(allow(GSV)));
    const notTrusted = await failure(sts(server, uma.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })));
    expect(brief(notTrusted)).toEqual(['AccessDenied', `User: ${uma.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`]);
    const denied = await failure(sts(server, vic.creds).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'sess' })));
    expect(brief(denied)).toEqual(['AccessDenied', `User: ${vic.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`]);
  });
});

describe('a role trusting codebuild.amazonaws.com, assumed by coffer itself (secure mode)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** What the build runner will do: assume the role in-process, on the server's own data. */
  async function assumeAsCodeBuild(roleArn: string, opts: { sourceAccount?: string } = {}): Promise<Creds> {
    const data = await openData({ data: server.dataDir });
    try {
      const config = { dev: false, enforceIam: false, storage: 'sqlite', dataDir: server.dataDir } as Config;
      const app: AppServices = {
        config,
        store: data.store,
        clock: new Clock(),
        bus: data.bus,
        identity: new StoredIdentity(data.store, data.bus),
        kms: createKmsInternal({ store: data.store, bus: data.bus }),
      };
      const session = await assumeRoleForService(app, roleArn, 'codebuild.amazonaws.com', 'build-42', opts);
      expect(session.AssumedRoleUser.Arn).toBe(`arn:aws:sts::${server.account}:assumed-role/${roleArn.split('/').pop()}/build-42`);
      return sessionCreds(session.Credentials);
    } finally {
      await data.backend.close();
    }
  }

  it('reads exactly the secrets its policy names', async () => {
    const npm = await newSecret(server, 'build/npm-token');
    const registry = await newSecret(server, 'build/registry');
    const prod = await newSecret(server, 'prod/db');
    const roleArn = await newRole(
      server,
      'codebuild-project',
      trust({ Service: 'codebuild.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': server.account } } }),
      policy(allow(GSV, [npm, registry])),
    );
    const creds = await assumeAsCodeBuild(roleArn);
    const client = sm(server, creds);
    expect((await client.send(new GetSecretValueCommand({ SecretId: npm }))).SecretString).toBe('value of build/npm-token');
    expect((await client.send(new GetSecretValueCommand({ SecretId: 'build/registry' }))).SecretString).toBe('value of build/registry');
    const refused = await failure(client.send(new GetSecretValueCommand({ SecretId: prod })));
    const sessionArn = `arn:aws:sts::${server.account}:assumed-role/codebuild-project/build-42`;
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(sessionArn, GSV, prod, noIdentityAllow(GSV))]);
  });

  it('is refused a role that does not trust CodeBuild, or trusts it only for another source account', async () => {
    const users = await newRole(server, 'users-only', trust({ AWS: server.account }), policy(allow(GSV)));
    await expect(assumeAsCodeBuild(users)).rejects.toMatchObject({
      code: 'AccessDeniedException',
      message: `User: codebuild.amazonaws.com is not authorized to perform: sts:AssumeRole on resource: ${users}`,
    });
    const elsewhere = await newRole(
      server,
      'other-source',
      trust({ Service: 'codebuild.amazonaws.com' }, { Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } } }),
      policy(allow(GSV)),
    );
    await expect(assumeAsCodeBuild(elsewhere)).rejects.toMatchObject({ code: 'AccessDeniedException' });
    expect((await assumeAsCodeBuild(elsewhere, { sourceAccount: '111122223333' })).accessKeyId).toMatch(/^ASIA/);
  });
});
