import {
  CreateAliasCommand,
  CreateKeyCommand,
  DecryptCommand,
  DeriveSharedSecretCommand,
  DescribeKeyCommand,
  EncryptCommand,
  GenerateDataKeyCommand,
  GenerateDataKeyPairCommand,
  GenerateDataKeyPairWithoutPlaintextCommand,
  GenerateDataKeyWithoutPlaintextCommand,
  GenerateMacCommand,
  GetKeyLastUsageCommand,
  GetPublicKeyCommand,
  KMSClient,
  ReEncryptCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeyMetadata,
} from '@aws-sdk/client-kms';
import * as kmsSdk from '@aws-sdk/client-kms';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { DEV_ACCOUNT, devClient, failure } from './kms/e2e.js';

/** The four ways to name a key, for a key with alias `alias/<name>`. */
const forms = (md: KeyMetadata, name: string): [string, string][] => [
  ['key id', md.KeyId!],
  ['key ARN', md.Arn!],
  ['alias name', `alias/${name}`],
  ['alias ARN', `arn:aws:kms:us-east-1:${DEV_ACCOUNT}:alias/${name}`],
];

describe('KeyId resolution by id, ARN, alias and alias ARN (SDK, dev mode)', () => {
  let server: TestServer;
  let kms: KMSClient;
  const k: Record<string, KeyMetadata> = {};
  let blob: Uint8Array;
  let signature: Uint8Array;
  let mac: Uint8Array;
  const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).publicKey.export({ format: 'der', type: 'spki' });

  beforeAll(async () => {
    server = await startServer({ dev: true });
    kms = devClient(server);
    const specs = {
      sym: {},
      sign: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      mac: { KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' },
      ka: { KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' },
    } as const;
    for (const [name, input] of Object.entries(specs)) {
      k[name] = (await kms.send(new CreateKeyCommand(input))).KeyMetadata!;
      await kms.send(new CreateAliasCommand({ AliasName: `alias/${name}`, TargetKeyId: k[name]!.KeyId }));
    }
    blob = (await kms.send(new EncryptCommand({ KeyId: k.sym!.KeyId, Plaintext: Buffer.from('p') }))).CiphertextBlob!;
    signature = (await kms.send(new SignCommand({ KeyId: k.sign!.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }))).Signature!;
    mac = (await kms.send(new GenerateMacCommand({ KeyId: k.mac!.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }))).Mac!;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const accepting: [string, string, (id: string) => Promise<{ KeyId?: string; KeyMetadata?: KeyMetadata }>][] = [
    ['DescribeKey', 'sym', (id) => kms.send(new DescribeKeyCommand({ KeyId: id })).then((r) => ({ KeyId: r.KeyMetadata!.Arn }))],
    ['Encrypt', 'sym', (id) => kms.send(new EncryptCommand({ KeyId: id, Plaintext: Buffer.from('x') }))],
    ['Decrypt', 'sym', (id) => kms.send(new DecryptCommand({ KeyId: id, CiphertextBlob: blob }))],
    ['ReEncrypt', 'sym', (id) => kms.send(new ReEncryptCommand({ SourceKeyId: id, DestinationKeyId: id, CiphertextBlob: blob }))],
    ['GenerateDataKey', 'sym', (id) => kms.send(new GenerateDataKeyCommand({ KeyId: id, KeySpec: 'AES_256' }))],
    ['GenerateDataKeyWithoutPlaintext', 'sym', (id) => kms.send(new GenerateDataKeyWithoutPlaintextCommand({ KeyId: id, KeySpec: 'AES_128' }))],
    ['GenerateDataKeyPair', 'sym', (id) => kms.send(new GenerateDataKeyPairCommand({ KeyId: id, KeyPairSpec: 'ECC_NIST_P256' }))],
    ['GenerateDataKeyPairWithoutPlaintext', 'sym', (id) => kms.send(new GenerateDataKeyPairWithoutPlaintextCommand({ KeyId: id, KeyPairSpec: 'ECC_NIST_P256' }))],
    ['GetKeyLastUsage', 'sym', (id) => kms.send(new GetKeyLastUsageCommand({ KeyId: id }))],
    ['Sign', 'sign', (id) => kms.send(new SignCommand({ KeyId: id, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' }))],
    ['Verify', 'sign', (id) => kms.send(new VerifyCommand({ KeyId: id, Message: Buffer.from('m'), Signature: signature, SigningAlgorithm: 'ECDSA_SHA_256' }))],
    ['GetPublicKey', 'sign', (id) => kms.send(new GetPublicKeyCommand({ KeyId: id }))],
    ['GenerateMac', 'mac', (id) => kms.send(new GenerateMacCommand({ KeyId: id, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' }))],
    ['VerifyMac', 'mac', (id) => kms.send(new VerifyMacCommand({ KeyId: id, Message: Buffer.from('m'), Mac: mac, MacAlgorithm: 'HMAC_SHA_256' }))],
    ['DeriveSharedSecret', 'ka', (id) => kms.send(new DeriveSharedSecretCommand({ KeyId: id, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer }))],
  ];

  for (const [op, type, call] of accepting) {
    it(`${op} takes all four forms and answers with the key ARN`, async () => {
      for (const [, id] of forms(k[type]!, type)) expect((await call(id)).KeyId).toBe(k[type]!.Arn);
    });
  }

  // Operations whose KeyId is "key ID or key ARN" only.
  const idOnly: [string, (id: string) => object][] = [
    ['EnableKey', (id) => ({ KeyId: id })],
    ['DisableKey', (id) => ({ KeyId: id })],
    ['ScheduleKeyDeletion', (id) => ({ KeyId: id })],
    ['CancelKeyDeletion', (id) => ({ KeyId: id })],
    ['UpdateKeyDescription', (id) => ({ KeyId: id, Description: 'd' })],
    ['GetKeyPolicy', (id) => ({ KeyId: id })],
    ['PutKeyPolicy', (id) => ({ KeyId: id, Policy: '{}' })],
    ['ListKeyPolicies', (id) => ({ KeyId: id })],
    ['TagResource', (id) => ({ KeyId: id, Tags: [{ TagKey: 'a', TagValue: 'b' }] })],
    ['UntagResource', (id) => ({ KeyId: id, TagKeys: ['a'] })],
    ['ListResourceTags', (id) => ({ KeyId: id })],
    ['CreateGrant', (id) => ({ KeyId: id, GranteePrincipal: `arn:aws:iam::${DEV_ACCOUNT}:role/r`, Operations: ['Encrypt'] })],
    ['ListGrants', (id) => ({ KeyId: id })],
    ['RevokeGrant', (id) => ({ KeyId: id, GrantId: 'a'.repeat(64) })],
    ['EnableKeyRotation', (id) => ({ KeyId: id })],
    ['DisableKeyRotation', (id) => ({ KeyId: id })],
    ['GetKeyRotationStatus', (id) => ({ KeyId: id })],
    ['RotateKeyOnDemand', (id) => ({ KeyId: id })],
    ['ListKeyRotations', (id) => ({ KeyId: id })],
    ['GetParametersForImport', (id) => ({ KeyId: id, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })],
    ['DeleteImportedKeyMaterial', (id) => ({ KeyId: id })],
    ['ReplicateKey', (id) => ({ KeyId: id, ReplicaRegion: 'eu-west-1' })],
    ['UpdatePrimaryRegion', (id) => ({ KeyId: id, PrimaryRegion: 'eu-west-1' })],
    ['ListAliases', (id) => ({ KeyId: id })],
  ];

  for (const [op, input] of idOnly) {
    it(`${op} refuses an alias name and an alias ARN`, async () => {
      const Command = (kmsSdk as unknown as Record<string, new (i: object) => Parameters<KMSClient['send']>[0]>)[`${op}Command`]!;
      for (const [, id] of forms(k.sym!, 'sym').slice(2)) {
        const err = await failure(kms.send(new Command(input(id))));
        expect(err.name).toBe('NotFoundException');
        expect(err.message).toMatch(/^Invalid keyId '/);
      }
    });
  }

  it('CreateAlias takes a key id or ARN as target, never an alias', async () => {
    await kms.send(new CreateAliasCommand({ AliasName: 'alias/by-arn', TargetKeyId: k.sym!.Arn }));
    const err = await failure(kms.send(new CreateAliasCommand({ AliasName: 'alias/by-alias', TargetKeyId: 'alias/sym' })));
    expect(err).toMatchObject({ name: 'NotFoundException', message: "Invalid keyId 'alias/sym'" });
  });
});
