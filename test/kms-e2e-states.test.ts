import {
  CancelKeyDeletionCommand,
  CreateAliasCommand,
  CreateGrantCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  DisableKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  ReEncryptCommand,
  ScheduleKeyDeletionCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeyMetadata,
  type KMSClient,
} from '@aws-sdk/client-kms';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { devClient, failure } from './kms/e2e.js';

type State = 'Disabled' | 'PendingDeletion' | 'PendingImport';

const expected = (state: State, arn: string) =>
  state === 'Disabled'
    ? { name: 'DisabledException', message: `${arn} is disabled.`, $metadata: expect.objectContaining({ httpStatusCode: 400 }) }
    : { name: 'KMSInvalidStateException', message: `${arn} is ${state === 'PendingDeletion' ? 'pending deletion' : 'pending import'}.` };

describe('every key-state error with its message (SDK, dev mode)', () => {
  let server: TestServer;
  let kms: KMSClient;
  const keys: Record<string, Record<State, KeyMetadata>> = {};
  let goodBlob: Uint8Array;

  async function keyIn(state: State, input: { KeySpec?: 'SYMMETRIC_DEFAULT' | 'RSA_2048' | 'HMAC_256' | 'ECC_NIST_P256'; KeyUsage?: 'ENCRYPT_DECRYPT' | 'SIGN_VERIFY' | 'GENERATE_VERIFY_MAC' | 'KEY_AGREEMENT' }) {
    const md = (await kms.send(new CreateKeyCommand({ ...input, Origin: state === 'PendingImport' ? 'EXTERNAL' : 'AWS_KMS' }))).KeyMetadata!;
    if (state === 'Disabled') await kms.send(new DisableKeyCommand({ KeyId: md.KeyId }));
    if (state === 'PendingDeletion') await kms.send(new ScheduleKeyDeletionCommand({ KeyId: md.KeyId, PendingWindowInDays: 7 }));
    return md;
  }

  beforeAll(async () => {
    server = await startServer({ dev: true });
    kms = devClient(server);
    const types = {
      sym: {},
      rsa: { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' },
      hmac: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
      ka: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' },
    } as const;
    for (const [name, input] of Object.entries(types)) {
      keys[name] = {
        Disabled: await keyIn('Disabled', input),
        PendingDeletion: await keyIn('PendingDeletion', input),
        PendingImport: await keyIn('PendingImport', input),
      };
    }
    const ok = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    goodBlob = (await kms.send(new EncryptCommand({ KeyId: ok.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' });
  const cases: [string, string, (keyId: string) => Promise<unknown>][] = [
    ['Encrypt', 'sym', (k) => kms.send(new EncryptCommand({ KeyId: k, Plaintext: Buffer.from('x') }))],
    ['Decrypt', 'sym', (k) => kms.send(new DecryptCommand({ KeyId: k, CiphertextBlob: Buffer.alloc(200, 1) }))],
    ['GenerateDataKey', 'sym', (k) => kms.send(new GenerateDataKeyCommand({ KeyId: k, KeySpec: 'AES_256' }))],
    ['GenerateDataKeyWithoutPlaintext', 'sym', (k) => kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: k, NumberOfBytes: 16 }))],
    ['GenerateDataKeyPair', 'sym', (k) => kms.send(new GenerateDataKeyPairCommand({ KeyId: k, KeyPairSpec: 'ECC_NIST_P256' }))],
    ['GenerateDataKeyPairWithoutPlaintext', 'sym', (k) => kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: k, KeyPairSpec: 'ECC_NIST_P256' }))],
    ['ReEncrypt (destination)', 'sym', (k) => kms.send(new ReEncryptCommand({ CiphertextBlob: goodBlob, DestinationKeyId: k }))],
    ['CreateGrant', 'sym', (k) => kms.send(new CreateGrantCommand({ KeyId: k, GranteePrincipal: 'arn:aws:iam::111122223333:role/r', Operations: ['Encrypt'] }))],
    ['Sign', 'rsa', (k) => kms.send(new SignCommand({ KeyId: k, Message: Buffer.from('m'), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))],
    ['Verify', 'rsa', (k) => kms.send(new VerifyCommand({ KeyId: k, Message: Buffer.from('m'), Signature: Buffer.alloc(256), SigningAlgorithm: 'RSASSA_PSS_SHA_256' }))],
    ['GenerateMac', 'hmac', (k) => kms.send(new GenerateMacCommand({ KeyId: k, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }))],
    ['VerifyMac', 'hmac', (k) => kms.send(new VerifyMacCommand({ KeyId: k, Message: Buffer.from('m'), Mac: Buffer.alloc(32), MacAlgorithm: 'HMAC_SHA_256' }))],
    ['DeriveSharedSecret', 'ka', (k) => kms.send(new DeriveSharedSecretCommand({ KeyId: k, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }))],
  ];

  for (const [op, type, call] of cases) {
    for (const state of ['Disabled', 'PendingDeletion', 'PendingImport'] as const) {
      it(`${op} on a ${type} key that is ${state}`, async () => {
        const md = keys[type]![state];
        expect(await failure(call(md.KeyId!))).toMatchObject(expected(state, md.Arn!));
      });
    }
  }

  it('ReEncrypt from a disabled source key', async () => {
    const src = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const blob = (await kms.send(new EncryptCommand({ KeyId: src.KeyId, Plaintext: Buffer.from('x') }))).CiphertextBlob!;
    await kms.send(new DisableKeyCommand({ KeyId: src.KeyId }));
    const dest = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    expect(await failure(kms.send(new ReEncryptCommand({ CiphertextBlob: blob, DestinationKeyId: dest.KeyId })))).toMatchObject(expected('Disabled', src.Arn!));
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: blob })))).toMatchObject(expected('Disabled', src.Arn!));
  });

  it('management calls on keys pending deletion, and CancelKeyDeletion on others', async () => {
    const md = keys.sym!.PendingDeletion;
    expect(await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/late', TargetKeyId: md.KeyId })))).toMatchObject(expected('PendingDeletion', md.Arn!));
    expect(await failure(kms.send(new DisableKeyCommand({ KeyId: md.KeyId })))).toMatchObject(expected('PendingDeletion', md.Arn!));
    const enabled = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    expect(await failure(kms.send(new CancelKeyDeletionCommand({ KeyId: enabled.KeyId })))).toMatchObject({
      name: 'KMSInvalidStateException',
      message: `${enabled.Arn} is not pending deletion.`,
    });
    const d = (await kms.send(new DescribeKeyCommand({ KeyId: md.KeyId }))).KeyMetadata!;
    expect(d).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false });
    expect(d.DeletionDate).toBeInstanceOf(Date);
  });

  it('wrong usage and wrong key', async () => {
    const sym = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const sign = (await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }))).KeyMetadata!;
    expect(await failure(kms.send(new EncryptCommand({ KeyId: sign.KeyId, Plaintext: Buffer.from('x') })))).toMatchObject({
      name: 'InvalidKeyUsageException',
      message: `${sign.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    });
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: goodBlob, KeyId: sym.KeyId })))).toMatchObject({
      name: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
    });
    expect(await failure(kms.send(new DecryptCommand({ CiphertextBlob: Buffer.from('definitely not a blob') })))).toMatchObject({ name: 'InvalidCiphertextException' });
  });
});
