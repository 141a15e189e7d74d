import {
  CreateKeyCommand,
  DecryptCommand,
  GenerateDataKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  DeriveSharedSecretCommand,
  EncryptCommand,
  GenerateMacCommand,
  GetPublicKeyCommand,
  SignCommand,
  VerifyCommand,
  VerifyMacCommand,
  type KeySpec,
  type KeyUsageType,
  type KMSClient,
  type SigningAlgorithmSpec,
} from '@aws-sdk/client-kms';
import {
  constants,
  createCipheriv,
  createDecipheriv,
  createECDH,
  createHash,
  createHmac,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify,
} from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { devClient, failure } from './kms/e2e.js';

const MATRIX: [KeySpec, KeyUsageType][] = [
  ['SYMMETRIC_DEFAULT', 'ENCRYPT_DECRYPT'],
  ['RSA_2048', 'ENCRYPT_DECRYPT'],
  ['RSA_3072', 'ENCRYPT_DECRYPT'],
  ['RSA_4096', 'ENCRYPT_DECRYPT'],
  ['RSA_2048', 'SIGN_VERIFY'],
  ['RSA_3072', 'SIGN_VERIFY'],
  ['RSA_4096', 'SIGN_VERIFY'],
  ['ECC_NIST_P256', 'SIGN_VERIFY'],
  ['ECC_NIST_P384', 'SIGN_VERIFY'],
  ['ECC_NIST_P521', 'SIGN_VERIFY'],
  ['ECC_SECG_P256K1', 'SIGN_VERIFY'],
  ['ECC_NIST_EDWARDS25519', 'SIGN_VERIFY'],
  ['ECC_NIST_P256', 'KEY_AGREEMENT'],
  ['ECC_NIST_P384', 'KEY_AGREEMENT'],
  ['ECC_NIST_P521', 'KEY_AGREEMENT'],
  ['HMAC_224', 'GENERATE_VERIFY_MAC'],
  ['HMAC_256', 'GENERATE_VERIFY_MAC'],
  ['HMAC_384', 'GENERATE_VERIFY_MAC'],
  ['HMAC_512', 'GENERATE_VERIFY_MAC'],
];

const CURVE: Record<string, string> = { ECC_NIST_P256: 'prime256v1', ECC_NIST_P384: 'secp384r1', ECC_NIST_P521: 'secp521r1' };
const hashOf = (alg: string): string => ({ '256': 'sha256', '384': 'sha384', '512': 'sha512' })[alg.slice(-3)]!;

/** A signature checked with plain node:crypto against the DER key GetPublicKey returned. */
function checkSignature(alg: SigningAlgorithmSpec, publicDer: Uint8Array, message: Buffer, signature: Uint8Array): boolean {
  const key = createPublicKey({ key: Buffer.from(publicDer), format: 'der', type: 'spki' });
  if (alg.startsWith('RSASSA_PSS')) {
    const h = hashOf(alg);
    return verify(h, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(h).digest().length }, signature);
  }
  if (alg.startsWith('RSASSA_PKCS1')) return verify(hashOf(alg), message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (alg.startsWith('ECDSA')) return verify(hashOf(alg), message, key, signature);
  return verify(null, message, key, signature);
}

describe('KMS round trips for every spec, usage and algorithm (SDK, dev mode)', () => {
  let server: TestServer;
  let kms: KMSClient;
  beforeAll(async () => {
    server = await startServer({ dev: true });
    kms = devClient(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it.each(MATRIX)('%s / %s', async (spec, usage) => {
    const md = (await kms.send(new CreateKeyCommand({ KeySpec: spec, KeyUsage: usage }))).KeyMetadata!;
    expect(md).toMatchObject({ KeySpec: spec, KeyUsage: usage, KeyState: 'Enabled' });
    const KeyId = md.KeyId!;
    const message = Buffer.from(`message for ${spec}/${usage}`);

    for (const alg of md.EncryptionAlgorithms ?? []) {
      const enc = await kms.send(new EncryptCommand({ KeyId, Plaintext: message, EncryptionAlgorithm: alg }));
      expect(enc).toMatchObject({ KeyId: md.Arn, EncryptionAlgorithm: alg });
      const dec = await kms.send(new DecryptCommand({ KeyId, CiphertextBlob: enc.CiphertextBlob, EncryptionAlgorithm: alg }));
      expect(Buffer.from(dec.Plaintext!)).toEqual(message);
      if (alg !== 'SYMMETRIC_DEFAULT') {
        // Encrypted outside KMS with the public key, as AWS documents.
        const pk = await kms.send(new GetPublicKeyCommand({ KeyId }));
        const offline = publicEncrypt(
          { key: createPublicKey({ key: Buffer.from(pk.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256' },
          message,
        );
        const back = await kms.send(new DecryptCommand({ KeyId, CiphertextBlob: offline, EncryptionAlgorithm: alg }));
        expect(Buffer.from(back.Plaintext!)).toEqual(message);
      }
    }

    if (md.SigningAlgorithms) {
      const pk = await kms.send(new GetPublicKeyCommand({ KeyId }));
      expect(pk).toMatchObject({ KeyId: md.Arn, KeySpec: spec, KeyUsage: usage, SigningAlgorithms: md.SigningAlgorithms });
      for (const alg of md.SigningAlgorithms) {
        if (alg === 'ED25519_PH_SHA_512') {
          const err = await failure(kms.send(new SignCommand({ KeyId, Message: message, SigningAlgorithm: alg })));
          expect(err.name).toBe('UnsupportedOperationException');
          continue;
        }
        const raw = await kms.send(new SignCommand({ KeyId, Message: message, SigningAlgorithm: alg, MessageType: 'RAW' }));
        expect(raw).toMatchObject({ KeyId: md.Arn, SigningAlgorithm: alg });
        expect(checkSignature(alg, pk.PublicKey!, message, raw.Signature!)).toBe(true);
        expect((await kms.send(new VerifyCommand({ KeyId, Message: message, Signature: raw.Signature, SigningAlgorithm: alg }))).SignatureValid).toBe(true);
        const bad = await failure(kms.send(new VerifyCommand({ KeyId, Message: Buffer.from('tampered'), Signature: raw.Signature, SigningAlgorithm: alg })));
        expect(bad).toMatchObject({ name: 'KMSInvalidSignatureException' });
        if (alg === 'ED25519_SHA_512') continue;
        const digest = createHash(hashOf(alg)).update(message).digest();
        const viaDigest = await kms.send(new SignCommand({ KeyId, Message: digest, SigningAlgorithm: alg, MessageType: 'DIGEST' }));
        expect(checkSignature(alg, pk.PublicKey!, message, viaDigest.Signature!)).toBe(true);
        const ok = await kms.send(new VerifyCommand({ KeyId, Message: digest, MessageType: 'DIGEST', Signature: viaDigest.Signature, SigningAlgorithm: alg }));
        expect(ok.SignatureValid).toBe(true);
        const short = await failure(kms.send(new SignCommand({ KeyId, Message: digest.subarray(1), SigningAlgorithm: alg, MessageType: 'DIGEST' })));
        expect(short).toMatchObject({ name: 'ValidationException', message: `Digest is invalid length for algorithm ${alg}.` });
      }
    }

    for (const alg of md.MacAlgorithms ?? []) {
      const mac = await kms.send(new GenerateMacCommand({ KeyId, Message: message, MacAlgorithm: alg }));
      expect(mac).toMatchObject({ KeyId: md.Arn, MacAlgorithm: alg });
      expect(Buffer.from(mac.Mac!)).toHaveLength(Number(alg.slice(-3)) / 8);
      const ok = await kms.send(new VerifyMacCommand({ KeyId, Message: message, Mac: mac.Mac, MacAlgorithm: alg }));
      expect(ok).toEqual(expect.objectContaining({ KeyId: md.Arn, MacValid: true, MacAlgorithm: alg }));
      const bad = await failure(kms.send(new VerifyMacCommand({ KeyId, Message: Buffer.from('x'), Mac: mac.Mac, MacAlgorithm: alg })));
      expect(bad.name).toBe('KMSInvalidMacException');
    }

    if (md.KeyAgreementAlgorithms) {
      const curve = CURVE[spec]!;
      const peer = generateKeyPairSync('ec', { namedCurve: curve });
      const out = await kms.send(
        new DeriveSharedSecretCommand({ KeyId, KeyAgreementAlgorithm: 'ECDH', PublicKey: peer.publicKey.export({ format: 'der', type: 'spki' }) }),
      );
      const pk = await kms.send(new GetPublicKeyCommand({ KeyId }));
      expect(pk.KeyAgreementAlgorithms).toEqual(['ECDH']);
      const jwk = createPublicKey({ key: Buffer.from(pk.PublicKey!), format: 'der', type: 'spki' }).export({ format: 'jwk' });
      const ecdh = createECDH(curve);
      ecdh.setPrivateKey(Buffer.from(peer.privateKey.export({ format: 'jwk' }).d!, 'base64url'));
      const theirs = ecdh.computeSecret(Buffer.concat([Buffer.from([4]), Buffer.from(jwk.x!, 'base64url'), Buffer.from(jwk.y!, 'base64url')]));
      expect(Buffer.from(out.SharedSecret!)).toEqual(theirs);
    }
  });

  it('MACs are standard HMAC: checked with node:crypto against imported key material', async () => {
    const material = randomBytes(48);
    const md = (await kms.send(new CreateKeyCommand({ KeySpec: 'HMAC_384', KeyUsage: 'GENERATE_VERIFY_MAC', Origin: 'EXTERNAL' }))).KeyMetadata!;
    const params = await kms.send(new GetParametersForImportCommand({ KeyId: md.KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' }));
    const wrapped = publicEncrypt(
      { key: createPublicKey({ key: Buffer.from(params.PublicKey!), format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
      material,
    );
    await kms.send(
      new ImportKeyMaterialCommand({ KeyId: md.KeyId, ImportToken: params.ImportToken, EncryptedKeyMaterial: wrapped, ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' }),
    );
    const message = Buffer.from('independently checked');
    const mac = await kms.send(new GenerateMacCommand({ KeyId: md.KeyId, Message: message, MacAlgorithm: 'HMAC_SHA_384' }));
    expect(Buffer.from(mac.Mac!)).toEqual(createHmac('sha384', material).update(message).digest());
    const mine = createHmac('sha384', material).update(Buffer.from('made outside')).digest();
    const ok = await kms.send(new VerifyMacCommand({ KeyId: md.KeyId, Message: Buffer.from('made outside'), Mac: mine, MacAlgorithm: 'HMAC_SHA_384' }));
    expect(ok.MacValid).toBe(true);
  });

  it('data keys really encrypt: use one locally, get it back from its ciphertext', async () => {
    const md = (await kms.send(new CreateKeyCommand({}))).KeyMetadata!;
    const dk = await kms.send(new GenerateDataKeyCommand({ KeyId: md.KeyId, KeySpec: 'AES_256', EncryptionContext: { file: 'report.pdf' } }));
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', Buffer.from(dk.Plaintext!), iv);
    const sealed = Buffer.concat([c.update('payload'), c.final()]);
    const tag = c.getAuthTag();
    const back = await kms.send(new DecryptCommand({ CiphertextBlob: dk.CiphertextBlob, EncryptionContext: { file: 'report.pdf' } }));
    const d = createDecipheriv('aes-256-gcm', Buffer.from(back.Plaintext!), iv);
    d.setAuthTag(tag);
    expect(Buffer.concat([d.update(sealed), d.final()]).toString()).toBe('payload');
    expect(back.KeyId).toBe(md.Arn);
  });
});
