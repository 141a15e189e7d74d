import { constants, createCipheriv, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, verify } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  CreateKeyResponse,
  DecryptResponse,
  EncryptResponse,
  GetKeyRotationStatusResponse,
  GetParametersForImportResponse,
  ImportKeyMaterialResponse,
  KeyMetadata,
  ListKeyRotationsResponse,
  SignResponse,
} from '../../src/generated/kms-types.js';
import { kmsHarness, type KmsHarness } from './harness.js';

let h: KmsHarness;
const DAY = 86_400_000;
const create = async (input: object = {}): Promise<KeyMetadata> => (await h.call<CreateKeyResponse>('CreateKey', input)).KeyMetadata!;
const describeKey = async (id: string): Promise<KeyMetadata> => (await h.call<{ KeyMetadata: KeyMetadata }>('DescribeKey', { KeyId: id })).KeyMetadata;
const encrypt = async (keyId: string, text: string) =>
  (await h.call<EncryptResponse>('Encrypt', { KeyId: keyId, Plaintext: Buffer.from(text), EncryptionContext: { t: text } })).CiphertextBlob!;
const decrypt = async (blob: Buffer, text: string) => (await h.call<DecryptResponse>('Decrypt', { CiphertextBlob: blob, EncryptionContext: { t: text } }));

beforeEach(async () => {
  h = await kmsHarness();
});

describe('rotation', () => {
  it('rotates on demand and keeps every old ciphertext readable', async () => {
    const k = await create();
    const before = await encrypt(k.KeyId, 'one');
    await h.call('RotateKeyOnDemand', { KeyId: k.KeyId });
    const after = await describeKey(k.KeyId);
    expect(after.CurrentKeyMaterialId).not.toBe(k.CurrentKeyMaterialId);
    const newer = await encrypt(k.KeyId, 'two');
    expect((await decrypt(before, 'one')).KeyMaterialId).toBe(k.CurrentKeyMaterialId);
    expect((await decrypt(newer, 'two')).KeyMaterialId).toBe(after.CurrentKeyMaterialId);
    const rotations = await h.call<ListKeyRotationsResponse>('ListKeyRotations', { KeyId: k.KeyId });
    expect(rotations.Rotations).toHaveLength(1);
    expect(rotations.Rotations![0]).toMatchObject({ KeyId: k.Arn, KeyMaterialId: after.CurrentKeyMaterialId, RotationType: 'ON_DEMAND', KeyMaterialState: 'CURRENT' });
    const all = await h.call<ListKeyRotationsResponse>('ListKeyRotations', { KeyId: k.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(all.Rotations!.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
  });

  it('rotates automatically when the period is due (90-2560 days, default 365)', async () => {
    const k = await create();
    expect(await h.call('GetKeyRotationStatus', { KeyId: k.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: k.Arn });
    await h.call('EnableKeyRotation', { KeyId: k.KeyId, RotationPeriodInDays: 90 });
    const status = await h.call<GetKeyRotationStatusResponse>('GetKeyRotationStatus', { KeyId: k.KeyId });
    expect(status).toMatchObject({ KeyRotationEnabled: true, RotationPeriodInDays: 90 });
    const due = status.NextRotationDate!.getTime();
    const old = await encrypt(k.KeyId, 'old');
    await h.advanceDays(89);
    expect((await describeKey(k.KeyId)).CurrentKeyMaterialId).toBe(k.CurrentKeyMaterialId);
    await h.advanceDays(1);
    expect(h.clock.now()).toBeGreaterThanOrEqual(due);
    const rotated = await describeKey(k.KeyId);
    expect(rotated.CurrentKeyMaterialId).not.toBe(k.CurrentKeyMaterialId);
    expect((await decrypt(old, 'old')).Plaintext!.toString()).toBe('old');
    const rot = await h.call<ListKeyRotationsResponse>('ListKeyRotations', { KeyId: k.KeyId });
    expect(rot.Rotations![0]!.RotationType).toBe('AUTOMATIC');
    const next = await h.call<GetKeyRotationStatusResponse>('GetKeyRotationStatus', { KeyId: k.KeyId });
    expect(next.NextRotationDate!.getTime()).toBeGreaterThanOrEqual(due + 90 * DAY);
    await h.call('DisableKeyRotation', { KeyId: k.KeyId });
    expect(await h.call('GetKeyRotationStatus', { KeyId: k.KeyId })).toEqual({ KeyRotationEnabled: false, KeyId: k.Arn });
  });

  it('rotates only symmetric keys of KMS origin', async () => {
    const rsa = await create({ KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' });
    for (const op of ['EnableKeyRotation', 'RotateKeyOnDemand', 'GetKeyRotationStatus', 'ListKeyRotations']) {
      expect((await h.fail(op, { KeyId: rsa.KeyId })).code).toBe('UnsupportedOperationException');
    }
    const ext = await create({ Origin: 'EXTERNAL' });
    await importInto(ext.KeyId, randomBytes(32));
    expect(await h.fail('EnableKeyRotation', { KeyId: ext.KeyId })).toMatchObject({
      code: 'UnsupportedOperationException',
      message: `${ext.Arn} origin is EXTERNAL which is not valid for this operation.`,
    });
    const disabled = await create();
    await h.call('DisableKey', { KeyId: disabled.KeyId });
    expect(await h.fail('RotateKeyOnDemand', { KeyId: disabled.KeyId })).toMatchObject({ code: 'DisabledException', message: `${disabled.Arn} is disabled.` });
  });

  it('limits on-demand rotations per key', async () => {
    const k = await create();
    for (let i = 0; i < 10; i++) await h.call('RotateKeyOnDemand', { KeyId: k.KeyId });
    expect((await h.fail('RotateKeyOnDemand', { KeyId: k.KeyId })).code).toBe('LimitExceededException');
  });
});

function wrap(params: GetParametersForImportResponse, material: Buffer, alg: 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256'): Buffer {
  const key = createPublicKey({ key: params.PublicKey!, format: 'der', type: 'spki' });
  if (alg === 'RSAES_OAEP_SHA_256') return publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
  const aes = randomBytes(32);
  const c = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
  return Buffer.concat([publicEncrypt({ key, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aes), c.update(material), c.final()]);
}

async function importInto(keyId: string, material: Buffer, extra: object = {}, alg: 'RSAES_OAEP_SHA_256' | 'RSA_AES_KEY_WRAP_SHA_256' = 'RSAES_OAEP_SHA_256') {
  const params = await h.call<GetParametersForImportResponse>('GetParametersForImport', { KeyId: keyId, WrappingAlgorithm: alg, WrappingKeySpec: 'RSA_2048' });
  return h.call<ImportKeyMaterialResponse>('ImportKeyMaterial', {
    KeyId: keyId,
    ImportToken: params.ImportToken,
    EncryptedKeyMaterial: wrap(params, material, alg),
    ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
    ...extra,
  });
}

describe('imported key material', () => {
  it('is PendingImport until imported, and only the same material comes back', async () => {
    const k = await create({ Origin: 'EXTERNAL', Description: 'imported' });
    expect(k).toMatchObject({ KeyState: 'PendingImport', Enabled: false, Origin: 'EXTERNAL' });
    expect(k.CurrentKeyMaterialId).toBeUndefined();
    expect(await h.fail('Encrypt', { KeyId: k.KeyId, Plaintext: Buffer.from('x') })).toMatchObject({
      code: 'KMSInvalidStateException',
      message: `${k.Arn} is pending import.`,
    });
    const material = randomBytes(32);
    const imported = await importInto(k.KeyId, material);
    expect(imported.KeyMaterialId).toMatch(/^[0-9a-f]{64}$/);
    expect(await describeKey(k.KeyId)).toMatchObject({ KeyState: 'Enabled', Enabled: true, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' });
    const blob = await encrypt(k.KeyId, 'secret');

    await h.call('DeleteImportedKeyMaterial', { KeyId: k.KeyId });
    const gone = await describeKey(k.KeyId);
    expect(gone).toMatchObject({ KeyState: 'PendingImport', Enabled: false });
    expect(gone.ExpirationModel).toBeUndefined();
    expect((await h.fail('Decrypt', { CiphertextBlob: blob, EncryptionContext: { t: 'secret' } })).message).toBe(`${k.Arn} is pending import.`);

    expect((await h.fail('ImportKeyMaterial', { KeyId: k.KeyId, ImportToken: randomBytes(64), EncryptedKeyMaterial: randomBytes(256), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).code).toBe(
      'InvalidImportTokenException',
    );
    const params = await h.call<GetParametersForImportResponse>('GetParametersForImport', { KeyId: k.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    expect((await h.fail('ImportKeyMaterial', { KeyId: k.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params, randomBytes(32), 'RSAES_OAEP_SHA_256'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).code).toBe(
      'IncorrectKeyMaterialException',
    );
    await importInto(k.KeyId, material);
    expect((await decrypt(blob, 'secret')).Plaintext!.toString()).toBe('secret');
  });

  it('needs ValidTo for expiring material, and the material really expires', async () => {
    const k = await create({ Origin: 'EXTERNAL' });
    const material = randomBytes(32);
    const params = await h.call<GetParametersForImportResponse>('GetParametersForImport', { KeyId: k.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_3072' });
    expect(params.ParametersValidTo!.getTime() - h.clock.now()).toBeLessThanOrEqual(DAY);
    const input = { KeyId: k.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params, material, 'RSAES_OAEP_SHA_256') };
    expect(await h.fail('ImportKeyMaterial', input)).toMatchObject({
      code: 'ValidationException',
      message: 'A validTo date must be set if the ExpirationModel is KEY_MATERIAL_EXPIRES',
    });
    const validTo = new Date(h.clock.now() + 2 * DAY);
    await h.call('ImportKeyMaterial', { ...input, ValidTo: validTo });
    expect(await describeKey(k.KeyId)).toMatchObject({ KeyState: 'Enabled', ExpirationModel: 'KEY_MATERIAL_EXPIRES', ValidTo: validTo });
    await h.advanceDays(2);
    expect((await describeKey(k.KeyId)).KeyState).toBe('PendingImport');
    await importInto(k.KeyId, material);
    expect((await describeKey(k.KeyId)).KeyState).toBe('Enabled');
  });

  it('refuses import into keys of KMS origin, and import tokens after 24 hours', async () => {
    const k = await create();
    expect(await h.fail('GetParametersForImport', { KeyId: k.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' })).toMatchObject({
      code: 'UnsupportedOperationException',
      message: `${k.Arn} origin is AWS_KMS which is not valid for this operation.`,
    });
    const ext = await create({ Origin: 'EXTERNAL' });
    const params = await h.call<GetParametersForImportResponse>('GetParametersForImport', { KeyId: ext.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' });
    h.clock.advance(DAY + 1);
    expect((await h.fail('ImportKeyMaterial', { KeyId: ext.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrap(params, randomBytes(32), 'RSAES_OAEP_SHA_256'), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' })).code).toBe(
      'ExpiredImportTokenException',
    );
  });

  it('imports asymmetric key pairs with RSA_AES_KEY_WRAP', async () => {
    const k = await create({ Origin: 'EXTERNAL', KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' });
    const mine = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await importInto(k.KeyId, mine.privateKey.export({ format: 'der', type: 'pkcs8' }), {}, 'RSA_AES_KEY_WRAP_SHA_256');
    const pk = await h.call<{ PublicKey: Buffer }>('GetPublicKey', { KeyId: k.KeyId });
    expect(pk.PublicKey).toEqual(mine.publicKey.export({ format: 'der', type: 'spki' }));
    const s = await h.call<SignResponse>('Sign', { KeyId: k.KeyId, Message: Buffer.from('m'), SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(verify('sha256', Buffer.from('m'), mine.publicKey, s.Signature!)).toBe(true);
  });

  it('rotates imported symmetric keys to new material on demand', async () => {
    const k = await create({ Origin: 'EXTERNAL' });
    await importInto(k.KeyId, randomBytes(32));
    const first = await encrypt(k.KeyId, 'first');
    await importInto(k.KeyId, randomBytes(32), { ImportType: 'NEW_KEY_MATERIAL' });
    const pending = await h.call<ListKeyRotationsResponse>('ListKeyRotations', { KeyId: k.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(pending.Rotations!.map((r) => r.KeyMaterialState)).toEqual(['CURRENT', 'PENDING_ROTATION']);
    await h.call('RotateKeyOnDemand', { KeyId: k.KeyId });
    const after = await h.call<ListKeyRotationsResponse>('ListKeyRotations', { KeyId: k.KeyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL' });
    expect(after.Rotations!.map((r) => r.KeyMaterialState)).toEqual(['NON_CURRENT', 'CURRENT']);
    expect((await decrypt(first, 'first')).Plaintext!.toString()).toBe('first');
  });
});
