import { ListUsersCommand, UpdateAccessKeyCommand } from '@aws-sdk/client-iam';
import { CreateKeyCommand, DecryptCommand, EncryptCommand } from '@aws-sdk/client-kms';
import {
  BatchGetSecretValueCommand,
  CreateSecretCommand,
  GetSecretValueCommand,
  PutResourcePolicyCommand,
  type Tag,
} from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  allow,
  brief,
  deny,
  failure,
  iam,
  kms,
  newUser,
  noIdentityAllow,
  notAuthorized,
  policy,
  sessionCreds,
  sm,
  sts,
} from './clients.js';

const GSV = 'secretsmanager:GetSecretValue';

describe('authorization of Secrets Manager calls (secure mode, real clients)', () => {
  let server: TestServer;
  const secret = async (name: string, extra: { KmsKeyId?: string; Tags?: Tag[] } = {}): Promise<string> =>
    (await sm(server).send(new CreateSecretCommand({ Name: name, SecretString: `value of ${name}`, ...extra }))).ARN!;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('a user whose policy names one secret reads it and is refused another, in AWS words', async () => {
    const mine = await secret('app/db');
    const other = await secret('app/other');
    const alice = await newUser(server, 'alice', policy(allow(GSV, mine)));
    const got = await sm(server, alice.creds).send(new GetSecretValueCommand({ SecretId: mine }));
    expect(got.SecretString).toBe('value of app/db');
    // By name too: the decision is made on the secret's ARN.
    expect((await sm(server, alice.creds).send(new GetSecretValueCommand({ SecretId: 'app/db' }))).ARN).toBe(mine);
    const refused = await failure(sm(server, alice.creds).send(new GetSecretValueCommand({ SecretId: other })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(alice.arn, GSV, other, noIdentityAllow(GSV))]);
    expect(refused.$metadata?.httpStatusCode).toBe(400);
    // Policies match the ARN, but the refusal names the secret as the caller did.
    const byName = await failure(sm(server, alice.creds).send(new GetSecretValueCommand({ SecretId: 'app/other' })));
    expect(byName.message).toBe(notAuthorized(alice.arn, GSV, 'app/other', noIdentityAllow(GSV)));
    // A secret that does not exist is refused on the identifier as sent, never "not found".
    const ghost = await failure(sm(server, alice.creds).send(new GetSecretValueCommand({ SecretId: 'no/such/secret' })));
    expect(brief(ghost)).toEqual(['AccessDeniedException', notAuthorized(alice.arn, GSV, 'no/such/secret', noIdentityAllow(GSV))]);
  });

  it('an explicit deny beats an allow, in an identity policy and in the secret\'s resource policy', async () => {
    const open = await secret('deny/open');
    const closed = await secret('deny/closed');
    const guarded = await secret('deny/guarded');
    const bob = await newUser(server, 'bob', policy(allow('secretsmanager:*'), deny(GSV, closed)));
    expect((await sm(server, bob.creds).send(new GetSecretValueCommand({ SecretId: open }))).SecretString).toBe('value of deny/open');
    const denied = await failure(sm(server, bob.creds).send(new GetSecretValueCommand({ SecretId: closed })));
    expect(brief(denied)).toEqual(['AccessDeniedException', notAuthorized(bob.arn, GSV, closed, 'with an explicit deny in an identity-based policy')]);
    await sm(server).send(
      new PutResourcePolicyCommand({
        SecretId: guarded,
        ResourcePolicy: policy({ Effect: 'Deny', Principal: { AWS: bob.arn }, Action: GSV, Resource: '*' }),
      }),
    );
    const byResource = await failure(sm(server, bob.creds).send(new GetSecretValueCommand({ SecretId: 'deny/guarded' })));
    expect(brief(byResource)).toEqual(['AccessDeniedException', notAuthorized(bob.arn, GSV, 'deny/guarded', 'with an explicit deny in a resource-based policy')]);
    // The account root is bound by a resource policy's explicit deny as well.
    await sm(server).send(
      new PutResourcePolicyCommand({
        SecretId: guarded,
        ResourcePolicy: policy({ Effect: 'Deny', Principal: { AWS: `arn:aws:iam::${server.account}:root` }, Action: GSV, Resource: '*' }),
      }),
    );
    expect((await failure(sm(server).send(new GetSecretValueCommand({ SecretId: guarded })))).name).toBe('AccessDeniedException');
  });

  it('a resource policy naming a user lets it in without an identity policy', async () => {
    const shared = await secret('rp/shared');
    const carol = await newUser(server, 'carol');
    expect((await failure(sm(server, carol.creds).send(new GetSecretValueCommand({ SecretId: shared })))).name).toBe('AccessDeniedException');
    await sm(server).send(
      new PutResourcePolicyCommand({ SecretId: shared, ResourcePolicy: policy({ Effect: 'Allow', Principal: { AWS: carol.arn }, Action: GSV, Resource: '*' }) }),
    );
    expect((await sm(server, carol.creds).send(new GetSecretValueCommand({ SecretId: shared }))).SecretString).toBe('value of rp/shared');
  });

  it('condition keys: VersionStage only when sent, ResourceTag, RequestTag and TagKeys on CreateSecret', async () => {
    const staged = await secret('keys/staged', { Tags: [{ Key: 'team', Value: 'blue' }] });
    const red = await secret('keys/red', { Tags: [{ Key: 'team', Value: 'red' }] });
    const dora = await newUser(
      server,
      'dora',
      policy(
        allow(GSV, staged, { Condition: { 'ForAnyValue:StringEquals': { 'secretsmanager:VersionStage': 'AWSCURRENT' } } }),
        allow(GSV, red, { Condition: { StringEquals: { 'secretsmanager:ResourceTag/team': 'blue' } } }),
        allow('secretsmanager:CreateSecret', '*', { Condition: { StringEquals: { 'aws:RequestTag/team': 'blue' }, 'ForAllValues:StringEquals': { 'aws:TagKeys': ['team'] } } }),
      ),
    );
    const c = sm(server, dora.creds);
    // boto/boto3#2957: a default GetSecretValue carries no secretsmanager:VersionStage.
    expect((await failure(c.send(new GetSecretValueCommand({ SecretId: staged })))).name).toBe('AccessDeniedException');
    expect((await c.send(new GetSecretValueCommand({ SecretId: staged, VersionStage: 'AWSCURRENT' }))).SecretString).toBe('value of keys/staged');
    expect((await failure(c.send(new GetSecretValueCommand({ SecretId: red })))).name).toBe('AccessDeniedException');
    const made = await c.send(new CreateSecretCommand({ Name: 'keys/made', SecretString: 'x', Tags: [{ Key: 'team', Value: 'blue' }] }));
    expect(made.ARN).toMatch(/:secret:keys\/made-[A-Za-z0-9]{6}$/);
    const wrongTag = await failure(c.send(new CreateSecretCommand({ Name: 'keys/red2', SecretString: 'x', Tags: [{ Key: 'team', Value: 'red' }] })));
    // CreateSecret is refused on the ARN the secret would have had.
    expect(wrongTag.message).toMatch(
      new RegExp(`^User: ${dora.arn} is not authorized to perform: secretsmanager:CreateSecret on resource: arn:aws:secretsmanager:us-east-1:${server.account}:secret:keys/red2-[A-Za-z0-9]{6} because`),
    );
    const extraKey = await failure(
      c.send(new CreateSecretCommand({ Name: 'keys/more', SecretString: 'x', Tags: [{ Key: 'team', Value: 'blue' }, { Key: 'cost', Value: '1' }] })),
    );
    expect(extraKey.name).toBe('AccessDeniedException');
  });

  it('BatchGetSecretValue: each secret decided on its own, refusals in Errors[]', async () => {
    const a = await secret('batch/a');
    const b = await secret('batch/b');
    const erin = await newUser(server, 'erin', policy(allow('secretsmanager:BatchGetSecretValue'), allow(GSV, a)));
    const out = await sm(server, erin.creds).send(new BatchGetSecretValueCommand({ SecretIdList: [a, b] }));
    expect(out.SecretValues!.map((v) => [v.ARN, v.SecretString])).toEqual([[a, 'value of batch/a']]);
    expect(out.Errors).toEqual([{ SecretId: b, ErrorCode: 'AccessDeniedException', Message: notAuthorized(erin.arn, GSV, b, noIdentityAllow(GSV)) }]);
    // Filters also need ListSecrets.
    const filtered = await failure(sm(server, erin.creds).send(new BatchGetSecretValueCommand({ Filters: [{ Key: 'name', Values: ['batch/'] }] })));
    expect(brief(filtered)).toEqual([
      'AccessDeniedException',
      notAuthorized(erin.arn, 'secretsmanager:ListSecrets', undefined, noIdentityAllow('secretsmanager:ListSecrets')),
    ]);
    // The call itself needs secretsmanager:BatchGetSecretValue (a resourceless action).
    const fred = await newUser(server, 'fred', policy(allow(GSV)));
    const outer = await failure(sm(server, fred.creds).send(new BatchGetSecretValueCommand({ SecretIdList: [a] })));
    expect(brief(outer)).toEqual([
      'AccessDeniedException',
      notAuthorized(fred.arn, 'secretsmanager:BatchGetSecretValue', undefined, noIdentityAllow('secretsmanager:BatchGetSecretValue')),
    ]);
  });

  it('Secrets Manager uses a customer key as the caller: kms:ViaService lets the secret be read, not the key used directly', async () => {
    const keyArn = (await kms(server).send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
    const arn = await secret('via/cmk', { KmsKeyId: keyArn });
    const gina = await newUser(
      server,
      'gina',
      policy(
        allow(GSV, arn),
        allow('kms:Decrypt', keyArn, { Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com' } } }),
      ),
    );
    expect((await sm(server, gina.creds).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('value of via/cmk');
    const blob = (await kms(server).send(new EncryptCommand({ KeyId: keyArn, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    const direct = await failure(kms(server, gina.creds).send(new DecryptCommand({ CiphertextBlob: blob })));
    expect(brief(direct)).toEqual(['AccessDeniedException', notAuthorized(gina.arn, 'kms:Decrypt', keyArn, noIdentityAllow('kms:Decrypt'))]);
    // Without kms:Decrypt on the customer key the read fails as AWS words it.
    const hank = await newUser(server, 'hank', policy(allow(GSV, arn)));
    expect(brief(await failure(sm(server, hank.creds).send(new GetSecretValueCommand({ SecretId: arn }))))).toEqual([
      'AccessDeniedException',
      'Access to KMS is not allowed',
    ]);
  });

  it('a disabled access key is refused', async () => {
    const arn = await secret('keys/disabled');
    const ivan = await newUser(server, 'ivan', policy(allow(GSV, arn)));
    expect((await sm(server, ivan.creds).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('value of keys/disabled');
    await iam(server).send(new UpdateAccessKeyCommand({ UserName: 'ivan', AccessKeyId: ivan.creds.accessKeyId, Status: 'Inactive' }));
    const refused = await failure(sm(server, ivan.creds).send(new GetSecretValueCommand({ SecretId: arn })));
    expect(brief(refused)).toEqual(['UnrecognizedClientException', 'The security token included in the request is invalid.']);
  });

  it('credentials from GetSessionToken are refused by the IAM API, as AWS does, and work elsewhere', async () => {
    const arn = await secret('session/token');
    const judy = await newUser(server, 'judy', policy(allow(['iam:*', GSV])));
    expect((await iam(server, judy.creds).send(new ListUsersCommand({}))).Users!.length).toBeGreaterThan(0);
    const session = sessionCreds((await sts(server, judy.creds).send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!);
    const refused = await failure(iam(server, session).send(new ListUsersCommand({})));
    expect([refused.name, refused.message, refused.$metadata?.httpStatusCode]).toEqual([
      'InvalidClientTokenId',
      'The security token included in the request is invalid.',
      403,
    ]);
    expect((await sts(server, session).send(new GetCallerIdentityCommand({}))).Arn).toBe(judy.arn);
    expect((await sm(server, session).send(new GetSecretValueCommand({ SecretId: arn }))).SecretString).toBe('value of session/token');
  });
});
