import {
  CancelKeyDeletionCommand,
  CreateKeyCommand,
  DisableKeyCommand,
  EnableKeyCommand,
  KMSClient,
  PutKeyPolicyCommand,
  ScheduleKeyDeletionCommand,
} from '@aws-sdk/client-kms';
import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
  UpdateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';

/**
 * The read path keeps opened records and unwrapped data keys in memory; these calls check
 * that every change to a key, a key policy or a secret is seen by the very next read.
 */
describe('GetSecretValue sees every change at once (in-memory caches on the read path)', () => {
  let server: TestServer;
  let sm: SecretsManagerClient;
  let kms: KMSClient;
  beforeAll(async () => {
    server = await startServer();
    const client = { endpoint: server.endpoint, region: server.region, credentials: server.credentials };
    sm = new SecretsManagerClient(client);
    kms = new KMSClient(client);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const newKey = async (): Promise<string> => (await kms.send(new CreateKeyCommand({}))).KeyMetadata!.Arn!;
  const read = async (SecretId: string, VersionId?: string): Promise<string | undefined> =>
    (await sm.send(new GetSecretValueCommand({ SecretId, VersionId }))).SecretString;
  const refusal = (SecretId: string) =>
    sm.send(new GetSecretValueCommand({ SecretId })).then(
      () => {
        throw new Error('expected a refusal');
      },
      (e: { name: string; message: string }) => e,
    );
  /** Read a few times so every cache on the way holds this secret. */
  const warm = async (SecretId: string, expected: string): Promise<void> => {
    for (let i = 0; i < 3; i++) expect(await read(SecretId)).toBe(expected);
  };

  it('a disabled key refuses the next read, and an enabled one serves it again', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cache/disable', SecretString: 'v1', KmsKeyId: key }));
    await warm('cache/disable', 'v1');
    await kms.send(new DisableKeyCommand({ KeyId: key }));
    const err = await refusal('cache/disable');
    expect(err.name).toBe('DecryptionFailure');
    expect(err.message).toContain(`${key} is disabled.`);
    await kms.send(new EnableKeyCommand({ KeyId: key }));
    expect(await read('cache/disable')).toBe('v1');
  });

  it('a key scheduled for deletion refuses the next read', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cache/deletion', SecretString: 'v1', KmsKeyId: key }));
    await warm('cache/deletion', 'v1');
    await kms.send(new ScheduleKeyDeletionCommand({ KeyId: key, PendingWindowInDays: 7 }));
    const err = await refusal('cache/deletion');
    expect(err.name).toBe('DecryptionFailure');
    expect(err.message).toContain('pending deletion');
    await kms.send(new CancelKeyDeletionCommand({ KeyId: key }));
    await kms.send(new EnableKeyCommand({ KeyId: key }));
    expect(await read('cache/deletion')).toBe('v1');
  });

  it('a key policy that denies Secrets Manager the key refuses the next read', async () => {
    const key = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cache/policy', SecretString: 'v1', KmsKeyId: key }));
    await warm('cache/policy', 'v1');
    const root = `arn:aws:iam::${server.account}:root`;
    const allow = { Sid: 'root', Effect: 'Allow', Principal: { AWS: root }, Action: 'kms:*', Resource: '*' };
    const deny = { Sid: 'no-decrypt', Effect: 'Deny', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' };
    await kms.send(new PutKeyPolicyCommand({ KeyId: key, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [allow, deny] }) }));
    const err = await refusal('cache/policy');
    expect(err.name).toBe('AccessDeniedException');
    expect(err.message).toBe('Access to KMS is not allowed');
    await kms.send(new PutKeyPolicyCommand({ KeyId: key, Policy: JSON.stringify({ Version: '2012-10-17', Statement: [allow] }) }));
    expect(await read('cache/policy')).toBe('v1');
  });

  it('a new KMS key re-encrypts: the old key no longer matters, the new one does', async () => {
    const first = await newKey();
    const second = await newKey();
    await sm.send(new CreateSecretCommand({ Name: 'cache/rekey', SecretString: 'v1', KmsKeyId: first }));
    await warm('cache/rekey', 'v1');
    await sm.send(new UpdateSecretCommand({ SecretId: 'cache/rekey', KmsKeyId: second }));
    await kms.send(new DisableKeyCommand({ KeyId: first }));
    expect(await read('cache/rekey')).toBe('v1');
    await kms.send(new DisableKeyCommand({ KeyId: second }));
    expect((await refusal('cache/rekey')).message).toContain(`${second} is disabled.`);
  });

  it('a new value is read at once, and the previous version still reads as before', async () => {
    const created = await sm.send(new CreateSecretCommand({ Name: 'cache/values', SecretString: 'v1' }));
    await warm('cache/values', 'v1');
    await sm.send(new PutSecretValueCommand({ SecretId: 'cache/values', SecretString: 'v2' }));
    expect(await read('cache/values')).toBe('v2');
    expect(await read('cache/values', created.VersionId)).toBe('v1');
  });
});
