import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DescribeKeyCommand,
  EnableKeyRotationCommand,
  EncryptCommand,
  GenerateRandomCommand,
  GetKeyPolicyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  GetKeyRotationStatusCommand,
  ListAliasesCommand,
  ListKeyRotationsCommand,
  ListKeysCommand,
  ReplicateKeyCommand,
  RotateKeyOnDemandCommand,
  ScheduleKeyDeletionCommand,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { constants, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { adminClient, DEV_ACCOUNT, devClient, failure } from './kms/e2e.js';

const DAY = 86_400;

describe('KMS key lifecycle (SDK, dev mode)', () => {
  let server: TestServer;
  let kms: KMSClient;
  beforeAll(async () => {
    server = await startServer({ dev: true });
    kms = devClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('returns the default key policy text exactly', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const p = await kms.send(new GetKeyPolicyCommand({ KeyId: md.KeyId, PolicyName: 'default' }));
    expect(p.Policy).toBe(
      `{\n  "Version" : "2012-10-17",\n  "Id" : "key-default-1",\n  "Statement" : [ {\n    "Sid" : "Enable IAM User Permissions",\n    "Effect" : "Allow",\n    "Principal" : {\n      "AWS" : "arn:aws:iam::${DEV_ACCOUNT}:root"\n    },\n    "Action" : "kms:*",\n    "Resource" : "*"\n  } ]\n}`,
    );
  });

  it('rotation on demand keeps old ciphertexts readable', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const blobs: Uint8Array[] = [];
    for (let i = 0; i < 3; i++) {
      blobs.push((await kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from(`gen ${i}`) }))).CiphertextBlob!);
      await kms.send(new RotateKeyOnDemandCommand({ KeyId: md.KeyId }));
    }
    for (const [i, blob] of blobs.entries()) {
      expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString()).toBe(`gen ${i}`);
    }
    const rotations = await kms.send(new ListKeyRotationsCommand({ KeyId: md.KeyId }));
    expect(rotations.Rotations!.map((r) => r.RotationType)).toEqual(['ON_DEMAND', 'ON_DEMAND', 'ON_DEMAND']);
  });

  it('rotates automatically once the period has passed on the server clock', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new EnableKeyRotationCommand({ KeyId: md.KeyId, RotationPeriodInDays: 90 }));
    const status = await kms.send(new GetKeyRotationStatusCommand({ KeyId: md.KeyId }));
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90, KeyId: md.Arn });
    expect(status.NextRotationDate).toBeInstanceOf(Date);
    const old = (await kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('before') }))).CiphertextBlob!;
    await server.advanceClock(91 * DAY);
    const after = (await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!;
    expect(after.CurrentKeyMaterialId).not.toBe(md.CurrentKeyMaterialId);
    expect((await kms.send(new ListKeyRotationsCommand({ KeyId: md.KeyId }))).Rotations![0]).toMatchObject({ RotationType: 'AUTOMATIC' });
    expect(Buffer.from((await kms.send(new DecryptCommand({ CiphertextBlob: old }))).Plaintext!).toString()).toBe('before');
    const bad = await failure(kms.send(new EnableKeyRotationCommand({ KeyId: md.KeyId, RotationPeriodInDays: 89 })));
    expect(bad).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '89' at 'rotationPeriodInDays' failed to satisfy constraint: Member must have value greater than or equal to 90",
    });
  });

  it('deletes a key, with its aliases, once the waiting period is over', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/short-lived', TargetKeyId: md.KeyId }));
    const out = await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }));
    expect(out).toMatchObject({ KeyId: md.Arn, KeyState: 'PendingDeletion', PendingWindowInDays: 7 });
    await server.advanceClock(6 * DAY);
    expect((await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!.KeyState).toBe('PendingDeletion');
    await server.advanceClock(DAY + 60);
    expect(await failure(kms.send(new DescribeKeyCommand({ KeyId: md.KeyId })))).toMatchObject({
      name: 'NotFoundException',
      message: `Key '${md.Arn}' does not exist`,
    });
    const aliases = await kms.send(new ListAliasesCommand({ Limit: 1000 }));
    expect(aliases.Aliases!.map((a) => a.AliasName)).not.toContain('alias/short-lived');
    const keys = await kms.send(new ListKeysCommand({ Limit: 1000 }));
    expect(keys.Keys!.map((k) => k.KeyId)).not.toContain(md.KeyId);
  });

  it('answers with the model\'s validation messages, byte for byte', async () => {
    expect(await failure(kms.send(new GenerateRandomCommand({ NumberOfBytes: 1025 })))).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
    });
    expect(await failure(kms.send(new GenerateRandomCommand({ NumberOfBytes: 0 })))).toMatchObject({
      message: "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
    });
    expect(await failure(kms.send(new GenerateRandomCommand({})))).toMatchObject({ name: 'ValidationException', message: 'NumberOfBytes is required.' });
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    expect(await failure(kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.alloc(4097) })))).toMatchObject({
      name: 'ValidationException',
      message: "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
    });
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'no-prefix', TargetKeyId: md.KeyId })))).toMatchObject({
      name: 'ValidationException',
      message: 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html',
    });
    expect(await failure(kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256' })))).toMatchObject({
      name: 'ValidationException',
      message: 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.',
    });
    expect(await failure(kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 31 })))).toMatchObject({
      name: 'ValidationException',
      message: 'PendingWindowInDays should be between 7 and 30, but it is 31',
    });
  });

  it('multi-Region keys: a replica in another region decrypts the primary\'s ciphertext', async () => {
    const md = (await kms.send(new CreateKeyCommand({ MultiRegion: true }))).KeyMetadata!;
    expect(md.KeyId).toMatch(/^mrk-[0-9a-f]{32}$/);
    const r = await kms.send(new ReplicateKeyCommand({ KeyId: md.KeyId, ReplicaRegion: 'eu-west-1' }));
    expect(r.ReplicaKeyMetadata).toMatchObject({ KeyId: md.KeyId, Arn: `arn:aws:kms:eu-west-1:${DEV_ACCOUNT}:key/${md.KeyId}` });
    const blob = (await kms.send(new EncryptCommand({ KeyId: md.KeyId, Plaintext: Buffer.from('x-region') }))).CiphertextBlob!;
    const eu = devClient(server, 'eu-west-1');
    const dec = await eu.send(new DecryptCommand({ CiphertextBlob: blob }));
    expect(Buffer.from(dec.Plaintext!).toString()).toBe('x-region');
    expect(dec.KeyId).toBe(`arn:aws:kms:eu-west-1:${DEV_ACCOUNT}:key/${md.KeyId}`);
  });
});

describe('KMS state survives a restart (secure mode, admin credentials)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('keys, aliases and material persist, sealed: no material or metadata value reaches disk readable', async () => {
    const kms = adminClient(server);
    const md = (await kms.send(new CreateKeyCommand({ Description: 'described-only-in-a-value', Origin: 'EXTERNAL' }))).KeyMetadata!;
    expect(md.AWSAccountId).toBe(server.account);
    // Known material, so the data directory can be searched for it.
    const material = randomBytes(32);
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
    const wrapped = publicEncrypt(
      { key: createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      material,
    );
    await kms.send(
      new ImportKeyMaterialCommand({ KeyId: md.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    );
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/persistent', TargetKeyId: md.KeyId }));
    const blob = (await kms.send(new EncryptCommand({ KeyId: 'alias/persistent', Plaintext: Buffer.from('survives') }))).CiphertextBlob!;
    await server.restart();
    const again = adminClient(server);
    const d = await again.send(new DescribeKeyCommand({ KeyId: 'alias/persistent' }));
    expect(d.KeyMetadata).toMatchObject({ KeyId: md.KeyId, Description: 'described-only-in-a-value', KeyState: 'Enabled' });
    expect(Buffer.from((await again.send(new DecryptCommand({ CiphertextBlob: blob }))).Plaintext!).toString()).toBe('survives');
    // Storage keys (paths) are visible to the backend by design; values never are.
    for (const f of fs.readdirSync(server.dataDir)) {
      const bytes = fs.readFileSync(path.join(server.dataDir, f));
      for (const needle of [material, Buffer.from(material.toString('base64')), Buffer.from(material.toString('hex')), Buffer.from('described-only-in-a-value')]) {
        expect(bytes.includes(needle)).toBe(false);
      }
    }
    expect(server.logs()).not.toContain('survives');
  });
});
