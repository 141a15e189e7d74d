import { CreateKeyCommand, DecryptCommand, EncryptCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { CreateSecretCommand, DescribeSecretCommand, GetSecretValueCommand, PutResourcePolicyCommand } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import {
  allow,
  brief,
  createAccount,
  failure,
  kms,
  newUser,
  noIdentityAllow,
  noResourceAllow,
  notAuthorized,
  policy,
  sm,
  type Creds,
} from './clients.js';

const GSV = 'secretsmanager:GetSecretValue';

/**
 * Account A (the server's first account) owns secrets and keys; account B is made with
 * `coffer admin create-account` and reads them by ARN, as AWS requires.
 */
describe('cross-account access (secure mode, two accounts, real clients)', () => {
  let server: TestServer;
  let b: { account: string; creds: Creds };
  let reader: { arn: string; creds: Creds };
  let customerKey: string;
  let withKey: string;
  let withDefaultKey: string;
  let withoutPolicy: string;

  const readerPolicy = (): string => policy(allow(GSV, `arn:aws:secretsmanager:us-east-1:${server.account}:secret:*`), allow('kms:Decrypt', customerKey));
  const shareWith = (principal: string): string => policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: GSV, Resource: '*' });

  beforeAll(async () => {
    server = await startServer();
    b = await createAccount(server);
    customerKey = (await kms(server).send(new CreateKeyCommand({ Description: 'shared with account B' }))).KeyMetadata!.Arn!;
    const a = server.account;
    await kms(server).send(
      new PutKeyPolicyCommand({
        KeyId: customerKey,
        PolicyName: 'default',
        Policy: policy(
          { Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${a}:root` }, Action: 'kms:*', Resource: '*' },
          { Sid: 'Account B may decrypt', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${b.account}:root` }, Action: ['kms:Decrypt', 'kms:DescribeKey'], Resource: '*' },
        ),
      }),
    );
    withKey = (await sm(server).send(new CreateSecretCommand({ Name: 'shared/cmk', SecretString: 'cross-account value', KmsKeyId: customerKey }))).ARN!;
    withDefaultKey = (await sm(server).send(new CreateSecretCommand({ Name: 'shared/default', SecretString: 'default-key value' }))).ARN!;
    withoutPolicy = (await sm(server).send(new CreateSecretCommand({ Name: 'private/cmk', SecretString: 'not shared', KmsKeyId: customerKey }))).ARN!;
    reader = await newUser(server, 'reader', readerPolicy(), b.creds);
    for (const arn of [withKey, withDefaultKey]) await sm(server).send(new PutResourcePolicyCommand({ SecretId: arn, ResourcePolicy: shareWith(reader.arn) }));
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('the second account is its own: its root is refused account A\'s secrets', async () => {
    expect(reader.arn).toBe(`arn:aws:iam::${b.account}:user/reader`);
    const root = await failure(sm(server, b.creds).send(new GetSecretValueCommand({ SecretId: withoutPolicy })));
    expect(brief(root)).toEqual(['AccessDeniedException', notAuthorized(`arn:aws:iam::${b.account}:root`, GSV, withoutPolicy, noResourceAllow(GSV))]);
  });

  it('reads a secret by ARN with the resource policy, its own identity policy and a customer key that allows its account', async () => {
    const got = await sm(server, reader.creds).send(new GetSecretValueCommand({ SecretId: withKey }));
    expect([got.ARN, got.SecretString]).toEqual([withKey, 'cross-account value']);
    // A name is looked up in the caller's own account, where there is no such secret.
    const byName = await failure(sm(server, reader.creds).send(new GetSecretValueCommand({ SecretId: 'shared/cmk' })));
    expect(byName.name).toBe('AccessDeniedException');
  });

  it('fails with the default aws/secretsmanager key, as AWS does', async () => {
    const refused = await failure(sm(server, reader.creds).send(new GetSecretValueCommand({ SecretId: withDefaultKey })));
    expect(brief(refused)).toEqual([
      'InvalidRequestException',
      "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
    ]);
  });

  it('a principal of another account cannot read a secret that has no resource policy', async () => {
    const refused = await failure(sm(server, reader.creds).send(new GetSecretValueCommand({ SecretId: withoutPolicy })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(reader.arn, GSV, withoutPolicy, noResourceAllow(GSV))]);
    expect((await failure(sm(server, reader.creds).send(new DescribeSecretCommand({ SecretId: withoutPolicy })))).name).toBe('AccessDeniedException');
  });

  it('both sides must allow: the resource policy alone is not enough, nor is the key without the caller\'s kms:Decrypt', async () => {
    const noPolicy = await newUser(server, 'no-policy', undefined, b.creds);
    await sm(server).send(new PutResourcePolicyCommand({ SecretId: withKey, ResourcePolicy: shareWith(`arn:aws:iam::${b.account}:root`) }));
    const refused = await failure(sm(server, noPolicy.creds).send(new GetSecretValueCommand({ SecretId: withKey })));
    expect(brief(refused)).toEqual(['AccessDeniedException', notAuthorized(noPolicy.arn, GSV, withKey, noIdentityAllow(GSV))]);
    const smOnly = await newUser(server, 'sm-only', policy(allow(GSV, withKey)), b.creds);
    expect(brief(await failure(sm(server, smOnly.creds).send(new GetSecretValueCommand({ SecretId: withKey }))))).toEqual([
      'AccessDeniedException',
      'Access to KMS is not allowed',
    ]);
    // The account-wide grant still serves the reader, whose policies allow both.
    expect((await sm(server, reader.creds).send(new GetSecretValueCommand({ SecretId: withKey }))).SecretString).toBe('cross-account value');
  });

  it('KMS by key ARN across accounts: the key policy and the caller\'s policy must both allow', async () => {
    const blob = (await kms(server).send(new EncryptCommand({ KeyId: customerKey, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    expect((await kms(server, reader.creds).send(new DecryptCommand({ CiphertextBlob: blob, KeyId: customerKey }))).KeyId).toBe(customerKey);
    const encrypt = await failure(kms(server, reader.creds).send(new EncryptCommand({ KeyId: customerKey, Plaintext: Buffer.from('x') })));
    expect(brief(encrypt)).toEqual(['AccessDeniedException', notAuthorized(reader.arn, 'kms:Encrypt', customerKey, noIdentityAllow('kms:Encrypt'))]);
  });
});
