import { constants, createECDH, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type {
  CreateKeyResponse,
  DecryptResponse,
  DeriveSharedSecretResponse,
  EncryptResponse,
  GenerateDataKeyPairResponse,
  GenerateDataKeyResponse,
  GenerateMacResponse,
  GetPublicKeyResponse,
  KeyMetadata,
  ReEncryptResponse,
  SignResponse,
} from '../../src/generated/kms-types.js';
import { kmsHarness, type KmsHarness } from './harness.js';

let h: KmsHarness;
let sym: KeyMetadata;
let other: KeyMetadata;
let rsaEnc: KeyMetadata;
let ecSign: KeyMetadata;
let hmacKey: KeyMetadata;

const create = async (input: object = {}): Promise<KeyMetadata> => (await h.call<CreateKeyResponse>('CreateKey', input)).KeyMetadata!;

beforeAll(async () => {
  h = await kmsHarness();
  sym = await create();
  other = await create();
  rsaEnc = await create({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT' });
  ecSign = await create({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
  hmacKey = await create({ KeySpec: 'HMAC_256', KeyUsage: 'GENERATE_VERIFY_MAC' });
  await h.call('CreateAlias', { AliasName: 'alias/sym', TargetKeyId: sym.KeyId });
});

describe('Encrypt and Decrypt', () => {
  it('resolves the key by id, ARN, alias and alias ARN, and answers with the key ARN', async () => {
    for (const keyId of [sym.KeyId, sym.Arn!, 'alias/sym', `arn:aws:kms:us-east-1:${h.account}:alias/sym`]) {
      const enc = await h.call<EncryptResponse>('Encrypt', { KeyId: keyId, Plaintext: Buffer.from('hi'), EncryptionContext: { a: 'b' } });
      expect(enc).toMatchObject({ KeyId: sym.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
      const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'b' } });
      expect(dec).toMatchObject({ KeyId: sym.Arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT', KeyMaterialId: sym.CurrentKeyMaterialId });
      expect(dec.Plaintext!.toString()).toBe('hi');
      const withKey = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'b' }, KeyId: keyId });
      expect(withKey.Plaintext!.toString()).toBe('hi');
    }
  });

  it('refuses the wrong context, a changed blob and the wrong key with AWS errors', async () => {
    const enc = await h.call<EncryptResponse>('Encrypt', { KeyId: sym.KeyId, Plaintext: Buffer.from('hi'), EncryptionContext: { a: 'b' } });
    expect(await h.fail('Decrypt', { CiphertextBlob: enc.CiphertextBlob })).toMatchObject({ code: 'InvalidCiphertextException', message: '' });
    const changed = Buffer.from(enc.CiphertextBlob!);
    changed[changed.length - 20] = changed[changed.length - 20]! ^ 4;
    expect((await h.fail('Decrypt', { CiphertextBlob: changed, EncryptionContext: { a: 'b' } })).code).toBe('InvalidCiphertextException');
    expect(await h.fail('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'b' }, KeyId: other.KeyId })).toMatchObject({
      code: 'IncorrectKeyException',
      message: 'The key ID in the request does not identify a CMK that can perform this operation.',
    });
    expect((await h.fail('Decrypt', { CiphertextBlob: enc.CiphertextBlob, EncryptionContext: { a: 'b' }, KeyId: ecSign.KeyId })).code).toBe('IncorrectKeyException');
    expect((await h.fail('Decrypt', { CiphertextBlob: Buffer.from('garbage garbage garbage') })).code).toBe('InvalidCiphertextException');
  });

  it('refuses keys of the wrong usage with AWS text', async () => {
    expect(await h.fail('Encrypt', { KeyId: ecSign.KeyId, Plaintext: Buffer.from('x') })).toMatchObject({
      code: 'InvalidKeyUsageException',
      message: `${ecSign.Arn} key usage is SIGN_VERIFY which is not valid for Encrypt.`,
    });
    expect(await h.fail('GenerateMac', { KeyId: sym.KeyId, Message: Buffer.from('x'), MacAlgorithm: 'HMAC_SHA_256' })).toMatchObject({
      code: 'InvalidKeyUsageException',
      message: `${sym.Arn} key usage is ENCRYPT_DECRYPT which is not valid for GenerateMac.`,
    });
    expect((await h.fail('Sign', { KeyId: hmacKey.KeyId, Message: Buffer.from('x'), SigningAlgorithm: 'ECDSA_SHA_256' })).message).toBe(
      `${hmacKey.Arn} key usage is GENERATE_VERIFY_MAC which is not valid for Sign.`,
    );
  });

  it('encrypts with RSA keys, within AWS\'s plaintext limits, and the ciphertext is standard OAEP', async () => {
    expect(await h.fail('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: Buffer.alloc(191), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' })).toMatchObject({
      code: 'ValidationException',
      message: 'Algorithm RSAES_OAEP_SHA_256 and key spec RSA_2048 cannot encrypt data larger than 190 bytes.',
    });
    expect((await h.fail('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: Buffer.alloc(215), EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' })).message).toBe(
      'Algorithm RSAES_OAEP_SHA_1 and key spec RSA_2048 cannot encrypt data larger than 214 bytes.',
    );
    expect((await h.fail('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: Buffer.from('x') })).message).toBe(
      'Algorithm SYMMETRIC_DEFAULT is incompatible with key spec RSA_2048.',
    );
    const enc = await h.call<EncryptResponse>('Encrypt', { KeyId: rsaEnc.KeyId, Plaintext: Buffer.alloc(190, 7), EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(enc.CiphertextBlob).toHaveLength(256);
    const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: enc.CiphertextBlob, KeyId: rsaEnc.KeyId, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' });
    expect(dec.Plaintext).toEqual(Buffer.alloc(190, 7));
    // Encrypted offline with the public key, decrypted by KMS.
    const pk = await h.call<GetPublicKeyResponse>('GetPublicKey', { KeyId: rsaEnc.KeyId });
    expect(pk).toMatchObject({ KeySpec: 'RSA_2048', KeyUsage: 'ENCRYPT_DECRYPT', EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    const offline = publicEncrypt(
      { key: createPublicKey({ key: pk.PublicKey!, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from('offline'),
    );
    const back = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: offline, KeyId: rsaEnc.Arn, EncryptionAlgorithm: 'RSAES_OAEP_SHA_1' });
    expect(back.Plaintext!.toString()).toBe('offline');
  });

  it('re-encrypts under another key and context without exposing the plaintext', async () => {
    const enc = await h.call<EncryptResponse>('Encrypt', { KeyId: sym.KeyId, Plaintext: Buffer.from('move me'), EncryptionContext: { from: '1' } });
    const re = await h.call<ReEncryptResponse>('ReEncrypt', {
      CiphertextBlob: enc.CiphertextBlob,
      SourceEncryptionContext: { from: '1' },
      DestinationKeyId: 'alias/sym',
      DestinationEncryptionContext: { to: '2' },
    });
    expect(re).toMatchObject({ SourceKeyId: sym.Arn, KeyId: sym.Arn, SourceEncryptionAlgorithm: 'SYMMETRIC_DEFAULT', DestinationEncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    const re2 = await h.call<ReEncryptResponse>('ReEncrypt', { CiphertextBlob: re.CiphertextBlob, SourceEncryptionContext: { to: '2' }, DestinationKeyId: other.Arn });
    expect(re2.KeyId).toBe(other.Arn);
    const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: re2.CiphertextBlob });
    expect(dec).toMatchObject({ KeyId: other.Arn });
    expect(dec.Plaintext!.toString()).toBe('move me');
  });
});

describe('data keys', () => {
  it('generates data keys that really encrypt', async () => {
    const dk = await h.call<GenerateDataKeyResponse>('GenerateDataKey', { KeyId: 'alias/sym', KeySpec: 'AES_256', EncryptionContext: { x: 'y' } });
    expect(dk.Plaintext).toHaveLength(32);
    expect(dk.KeyId).toBe(sym.Arn);
    const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { x: 'y' } });
    expect(dec.Plaintext).toEqual(dk.Plaintext);
    expect((await h.call<GenerateDataKeyResponse>('GenerateDataKey', { KeyId: sym.KeyId, KeySpec: 'AES_128' })).Plaintext).toHaveLength(16);
    expect((await h.call<GenerateDataKeyResponse>('GenerateDataKey', { KeyId: sym.KeyId, NumberOfBytes: 7 })).Plaintext).toHaveLength(7);
    const without = await h.call<Record<string, unknown>>('GenerateDataKeyWithoutPlaintext', { KeyId: sym.KeyId, KeySpec: 'AES_256' });
    expect(Object.keys(without).sort()).toEqual(['CiphertextBlob', 'KeyId', 'KeyMaterialId']);
    for (const input of [{ KeyId: sym.KeyId }, { KeyId: sym.KeyId, KeySpec: 'AES_256', NumberOfBytes: 32 }]) {
      expect(await h.fail('GenerateDataKey', input)).toMatchObject({ code: 'ValidationException', message: 'Please specify either number of bytes or key spec.' });
    }
    expect((await h.fail('GenerateDataKey', { KeyId: rsaEnc.KeyId, KeySpec: 'AES_256' })).code).toBe('InvalidKeyUsageException');
  });

  it('generates data key pairs whose private key is the public key\'s', async () => {
    const p = await h.call<GenerateDataKeyPairResponse>('GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec: 'ECC_NIST_P384', EncryptionContext: { p: 'q' } });
    expect(p).toMatchObject({ KeyId: sym.Arn, KeyPairSpec: 'ECC_NIST_P384' });
    const priv = createPrivateKey({ key: p.PrivateKeyPlaintext!, format: 'der', type: 'pkcs8' });
    expect(createPublicKey(priv).export({ format: 'der', type: 'spki' })).toEqual(p.PublicKey);
    const dec = await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: p.PrivateKeyCiphertextBlob, EncryptionContext: { p: 'q' } });
    expect(dec.Plaintext).toEqual(p.PrivateKeyPlaintext);
    const rsa = await h.call<GenerateDataKeyPairResponse>('GenerateDataKeyPairWithoutPlaintext', { KeyId: sym.KeyId, KeyPairSpec: 'RSA_2048' });
    expect(rsa.PrivateKeyPlaintext).toBeUndefined();
    expect(createPublicKey({ key: rsa.PublicKey!, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect((await h.fail('GenerateDataKeyPair', { KeyId: sym.KeyId, KeyPairSpec: 'SM2' })).message).toBe('KeyPairSpec SM2 is not supported in this Region');
  });

  it('answers GenerateRandom and DryRun as AWS does', async () => {
    expect((await h.call<{ Plaintext: Buffer }>('GenerateRandom', { NumberOfBytes: 1024 })).Plaintext).toHaveLength(1024);
    expect(await h.fail('GenerateRandom', {})).toMatchObject({ code: 'ValidationException', message: 'NumberOfBytes is required.' });
    expect(await h.fail('Encrypt', { KeyId: sym.KeyId, Plaintext: Buffer.from('x'), DryRun: true })).toMatchObject({
      code: 'DryRunOperationException',
      message: 'The request would have succeeded, but the DryRun option is set.',
    });
  });
});

describe('Sign, Verify, MACs, public keys and key agreement', () => {
  it('signs and verifies; a bad signature is KMSInvalidSignatureException', async () => {
    const message = Buffer.from('sign me');
    const s = await h.call<SignResponse>('Sign', { KeyId: ecSign.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(s).toMatchObject({ KeyId: ecSign.Arn, SigningAlgorithm: 'ECDSA_SHA_256' });
    const pk = await h.call<GetPublicKeyResponse>('GetPublicKey', { KeyId: ecSign.KeyId });
    expect(verify('sha256', message, createPublicKey({ key: pk.PublicKey!, format: 'der', type: 'spki' }), s.Signature!)).toBe(true);
    expect(await h.call('Verify', { KeyId: ecSign.KeyId, Message: message, Signature: s.Signature, SigningAlgorithm: 'ECDSA_SHA_256' })).toEqual({
      KeyId: ecSign.Arn,
      SignatureValid: true,
      SigningAlgorithm: 'ECDSA_SHA_256',
    });
    expect(await h.fail('Verify', { KeyId: ecSign.KeyId, Message: Buffer.from('other'), Signature: s.Signature, SigningAlgorithm: 'ECDSA_SHA_256' })).toMatchObject({
      code: 'KMSInvalidSignatureException',
      message: '',
    });
    expect(await h.fail('Sign', { KeyId: ecSign.KeyId, Message: Buffer.alloc(31), MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_256' })).toMatchObject({
      code: 'ValidationException',
      message: 'Digest is invalid length for algorithm ECDSA_SHA_256.',
    });
    expect((await h.fail('Sign', { KeyId: ecSign.KeyId, Message: message, SigningAlgorithm: 'ECDSA_SHA_512' })).message).toBe(
      'Algorithm ECDSA_SHA_512 is incompatible with key spec ECC_NIST_P256.',
    );
  });

  it('generates and verifies MACs; a bad MAC is KMSInvalidMacException', async () => {
    const m = await h.call<GenerateMacResponse>('GenerateMac', { KeyId: hmacKey.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_256' });
    expect(m).toMatchObject({ KeyId: hmacKey.Arn, MacAlgorithm: 'HMAC_SHA_256' });
    expect(await h.call('VerifyMac', { KeyId: hmacKey.KeyId, Message: Buffer.from('m'), Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256' })).toEqual({
      KeyId: hmacKey.Arn,
      MacValid: true,
      MacAlgorithm: 'HMAC_SHA_256',
    });
    expect(await h.fail('VerifyMac', { KeyId: hmacKey.KeyId, Message: Buffer.from('n'), Mac: m.Mac, MacAlgorithm: 'HMAC_SHA_256' })).toMatchObject({
      code: 'KMSInvalidMacException',
      message: '',
    });
    expect(await h.fail('GenerateMac', { KeyId: hmacKey.KeyId, Message: Buffer.from('m'), MacAlgorithm: 'HMAC_SHA_512' })).toMatchObject({
      code: 'InvalidKeyUsageException',
      message: 'Algorithm HMAC_SHA_512 is incompatible with key spec HMAC_256.',
    });
  });

  it('has no public key for symmetric and HMAC keys', async () => {
    expect((await h.fail('GetPublicKey', { KeyId: sym.KeyId })).code).toBe('UnsupportedOperationException');
    expect((await h.fail('GetPublicKey', { KeyId: hmacKey.KeyId })).code).toBe('UnsupportedOperationException');
  });

  it('derives the same ECDH secret as the peer', async () => {
    const kaKey = await create({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'KEY_AGREEMENT' });
    expect(kaKey.KeyAgreementAlgorithms).toEqual(['ECDH']);
    const peer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const out = await h.call<DeriveSharedSecretResponse>('DeriveSharedSecret', {
      KeyId: kaKey.KeyId,
      KeyAgreementAlgorithm: 'ECDH',
      PublicKey: peer.publicKey.export({ format: 'der', type: 'spki' }),
    });
    expect(out).toMatchObject({ KeyId: kaKey.Arn, KeyAgreementAlgorithm: 'ECDH', KeyOrigin: 'AWS_KMS' });
    const pk = await h.call<GetPublicKeyResponse>('GetPublicKey', { KeyId: kaKey.KeyId });
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(peer.privateKey.export({ format: 'jwk' }).d!, 'base64url'));
    const kmsPoint = createPublicKey({ key: pk.PublicKey!, format: 'der', type: 'spki' }).export({ format: 'jwk' });
    const uncompressed = Buffer.concat([Buffer.from([4]), Buffer.from(kmsPoint.x!, 'base64url'), Buffer.from(kmsPoint.y!, 'base64url')]);
    expect(ecdh.computeSecret(uncompressed)).toEqual(out.SharedSecret);
    expect((await h.fail('DeriveSharedSecret', { KeyId: ecSign.KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: Buffer.from('x') })).message).toBe(
      `${ecSign.Arn} key usage is SIGN_VERIFY which is not valid for DeriveSharedSecret.`,
    );
  });
});

describe('the in-process API for Secrets Manager', () => {
  it('creates alias/aws/secretsmanager on first use with AWS\'s policy, and envelope-encrypts', async () => {
    const caller = { account: h.account, region: 'us-east-1', principalArn: `arn:aws:iam::${h.account}:root`, now: h.clock.now() };
    const arn = await h.app.kms.awsManagedKeyArn(caller, 'secretsmanager');
    expect(await h.app.kms.awsManagedKeyArn(caller, 'secretsmanager')).toBe(arn);
    expect(await h.app.kms.resolveKeyArn(caller, 'alias/aws/secretsmanager')).toBe(arn);
    const md = (await h.call<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: 'alias/aws/secretsmanager' })).KeyMetadata;
    expect(md).toMatchObject({ Arn: arn, KeyManager: 'AWS', KeyState: 'Enabled' });
    const policy = JSON.parse((await h.call<{ Policy: string }>('GetKeyPolicy', { KeyId: arn })).Policy) as { Id: string; Statement: { Condition?: unknown }[] };
    expect(policy.Id).toBe('auto-secretsmanager-1');
    expect(policy.Statement[0]!.Condition).toEqual({
      StringEquals: { 'kms:ViaService': 'secretsmanager.us-east-1.amazonaws.com', 'kms:CallerAccount': h.account },
    });
    const ctx = { SecretARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x-AbCdEf', SecretVersionId: 'v1' };
    const dk = await h.app.kms.generateDataKey(caller, 'alias/aws/secretsmanager', ctx);
    const back = await h.app.kms.decrypt(caller, dk.ciphertextBlob, ctx);
    expect(back).toEqual({ keyArn: arn, plaintext: dk.plaintext });
    await expect(h.app.kms.decrypt(caller, dk.ciphertextBlob, { ...ctx, SecretVersionId: 'v2' })).rejects.toMatchObject({ code: 'InvalidCiphertextException' });
    // Customers cannot manage AWS managed keys.
    expect((await h.fail('DisableKey', { KeyId: arn })).code).toBe('AccessDeniedException');
    expect((await h.fail('CreateAlias', { AliasName: 'alias/aws/mine', TargetKeyId: sym.KeyId })).code).toBe('NotAuthorizedException');
  });

  it('sees a disabled key as the API does', async () => {
    const k = await create();
    await h.call('DisableKey', { KeyId: k.KeyId });
    const caller = { account: h.account, region: 'us-east-1', principalArn: 'x', now: h.clock.now() };
    await expect(h.app.kms.generateDataKey(caller, k.KeyId, {})).rejects.toMatchObject({ code: 'DisabledException', message: `${k.Arn} is disabled.` });
  });
});
