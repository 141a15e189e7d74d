import {
  constants,
  createCipheriv,
  createECDH,
  createHash,
  createPublicKey,
  generateKeyPairSync,
  publicEncrypt,
  randomBytes,
  verify,
  type KeyObject,
} from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { KeySpec, SigningAlgorithmSpec } from '../../src/generated/kms-types.js';
import { CURVES, onCurve, toBigInt, toBytes } from '../../src/services/kms/crypto/curves.js';
import { derSignature, ecdsaSignDigest, ecdsaVerifyDigest, parseDerSignature } from '../../src/services/kms/crypto/ecdsa-digest.js';
import { generateMaterial, privateKeyOf, publicKeyOf } from '../../src/services/kms/crypto/material.js';
import { ecdhSharedSecret, hmac, hmacMatches, rsaDecrypt, rsaEncrypt } from '../../src/services/kms/crypto/primitives.js';
import { checkSigningAlgorithm, signMessage, verifyMessage } from '../../src/services/kms/crypto/signing.js';
import { acceptKeyMaterial, unwrapKeyMaterial } from '../../src/services/kms/import.js';
import { SPECS } from '../../src/services/kms/key-specs.js';

const HASH: Record<string, string> = { SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const hashOf = (alg: string): string => HASH[alg.slice(-7)]!;

// RSA key generation is slow; one pair per spec is enough for these tests.
const pairs = new Map<KeySpec, Promise<{ priv: KeyObject; pub: KeyObject; pubDer: Buffer }>>();
function pair(spec: KeySpec): Promise<{ priv: KeyObject; pub: KeyObject; pubDer: Buffer }> {
  let p = pairs.get(spec);
  if (!p) {
    p = newPair(spec);
    pairs.set(spec, p);
  }
  return p;
}

async function newPair(spec: KeySpec): Promise<{ priv: KeyObject; pub: KeyObject; pubDer: Buffer }> {
  const m = await generateMaterial(spec);
  const id = randomBytes(8).toString('hex');
  return { priv: privateKeyOf(id, m.secret.toString('base64')), pub: publicKeyOf(id, m.publicKey!.toString('base64')), pubDer: m.publicKey! };
}

/** Check a KMS signature with plain node:crypto against the DER public key, as a client would. */
function independentlyValid(alg: SigningAlgorithmSpec, pubDer: Buffer, message: Buffer, signature: Buffer): boolean {
  const key = createPublicKey({ key: pubDer, format: 'der', type: 'spki' });
  if (alg.startsWith('RSASSA_PSS')) {
    const h = hashOf(alg);
    return verify(h, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: createHash(h).digest().length }, signature);
  }
  if (alg.startsWith('RSASSA_PKCS1')) return verify(hashOf(alg), message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
  if (alg.startsWith('ECDSA')) return verify(hashOf(alg), message, { key, dsaEncoding: 'der' }, signature);
  return verify(null, message, key, signature);
}

const signing: [KeySpec, SigningAlgorithmSpec][] = [];
for (const [spec, info] of Object.entries(SPECS) as [KeySpec, (typeof SPECS)[KeySpec]][]) {
  if (info.unsupported) continue;
  for (const alg of info.algorithms.SIGN_VERIFY?.SigningAlgorithms ?? []) if (alg !== 'ED25519_PH_SHA_512') signing.push([spec, alg]);
}

describe('signatures for every spec and algorithm', () => {
  const message = Buffer.from('The quick brown fox jumps over the lazy dog');

  it.each(signing)('%s %s, RAW and DIGEST, checked by node:crypto', async (spec, alg) => {
    const { priv, pub, pubDer } = await pair(spec);
    checkSigningAlgorithm(spec, alg);
    const raw = signMessage(spec, alg, priv, message, 'RAW');
    expect(independentlyValid(alg, pubDer, message, raw)).toBe(true);
    expect(verifyMessage(spec, alg, pub, message, 'RAW', raw)).toBe(true);
    expect(verifyMessage(spec, alg, pub, Buffer.from('other'), 'RAW', raw)).toBe(false);
    if (alg === 'ED25519_SHA_512') {
      expect(() => signMessage(spec, alg, priv, message, 'DIGEST')).toThrow(/Message type DIGEST is incompatible/);
      return;
    }
    const digest = createHash(hashOf(alg)).update(message).digest();
    const viaDigest = signMessage(spec, alg, priv, digest, 'DIGEST');
    expect(independentlyValid(alg, pubDer, message, viaDigest)).toBe(true);
    expect(verifyMessage(spec, alg, pub, digest, 'DIGEST', viaDigest)).toBe(true);
    // A RAW signature is a signature over the digest, and the other way round.
    expect(verifyMessage(spec, alg, pub, digest, 'DIGEST', raw)).toBe(true);
    expect(verifyMessage(spec, alg, pub, message, 'RAW', viaDigest)).toBe(true);
    const flipped = Buffer.from(viaDigest);
    flipped[flipped.length - 1] = flipped[flipped.length - 1]! ^ 1;
    expect(verifyMessage(spec, alg, pub, digest, 'DIGEST', flipped)).toBe(false);
    expect(() => signMessage(spec, alg, priv, digest.subarray(1), 'DIGEST')).toThrow(`Digest is invalid length for algorithm ${alg}.`);
  });

  it('refuses an algorithm the spec does not list', () => {
    expect(() => checkSigningAlgorithm('ECC_NIST_P256', 'ECDSA_SHA_384')).toThrow('Algorithm ECDSA_SHA_384 is incompatible with key spec ECC_NIST_P256.');
    expect(() => checkSigningAlgorithm('RSA_2048', 'ECDSA_SHA_256')).toThrow('Algorithm ECDSA_SHA_256 is incompatible with key spec RSA_2048.');
  });

  it('says plainly that Ed25519ph is not available', async () => {
    const { priv } = await pair('ECC_NIST_EDWARDS25519');
    expect(() => signMessage('ECC_NIST_EDWARDS25519', 'ED25519_PH_SHA_512', priv, Buffer.from('x'), 'RAW')).toThrow(/Ed25519ph/);
  });

  it('treats a malformed signature as invalid, not as an error', async () => {
    const { pub } = await pair('ECC_NIST_P256');
    expect(verifyMessage('ECC_NIST_P256', 'ECDSA_SHA_256', pub, Buffer.from('m'), 'RAW', Buffer.from('junk'))).toBe(false);
    const d = createHash('sha256').update('m').digest();
    expect(verifyMessage('ECC_NIST_P256', 'ECDSA_SHA_256', pub, d, 'DIGEST', Buffer.from('junk'))).toBe(false);
  });
});

describe('curve parameters', () => {
  it.each(Object.keys(CURVES))('%s: G is on the curve, (n-1)G = -G, as OpenSSL computes it', (name) => {
    const c = CURVES[name]!;
    expect(onCurve(c, c.gx, c.gy)).toBe(true);
    const ecdh = createECDH(name);
    ecdh.setPrivateKey(toBytes(1n, c.bytes));
    const g = ecdh.getPublicKey();
    expect(toBigInt(g.subarray(1, 1 + c.bytes))).toBe(c.gx);
    expect(toBigInt(g.subarray(1 + c.bytes))).toBe(c.gy);
    ecdh.setPrivateKey(toBytes(c.n - 1n, c.bytes));
    const minusG = ecdh.getPublicKey();
    expect(toBigInt(minusG.subarray(1, 1 + c.bytes))).toBe(c.gx);
    expect(toBigInt(minusG.subarray(1 + c.bytes))).toBe(c.p - c.gy);
  });

  it('verifies OpenSSL signatures over digests and rejects others', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'secp521r1' });
    const msg = Buffer.from('abc');
    const sig = ecdsaSignDigest('secp521r1', privateKey, createHash('sha512').update(msg).digest());
    expect(verify('sha512', msg, publicKey, sig)).toBe(true);
    expect(ecdsaVerifyDigest('secp521r1', publicKey, createHash('sha512').update('abd').digest(), sig)).toBe(false);
  });

  it('encodes and parses strict DER', () => {
    for (const [r, s] of [
      [1n, 1n],
      [0x80n, 0x7fn],
      [(1n << 520n) + 5n, (1n << 255n) - 1n],
    ] as const) {
      expect(parseDerSignature(derSignature(r, s))).toEqual([r, s]);
    }
    expect(parseDerSignature(Buffer.from('3006020100020101', 'hex'))).toEqual([0n, 1n]);
    expect(parseDerSignature(Buffer.from('300702010002020001', 'hex'))).toBeUndefined(); // non-minimal
    expect(parseDerSignature(Buffer.from('30060201000201010000', 'hex'))).toBeUndefined(); // trailing bytes
  });
});

describe('encryption, MAC and key agreement primitives', () => {
  it.each([
    ['RSA_2048', 'RSAES_OAEP_SHA_1'],
    ['RSA_3072', 'RSAES_OAEP_SHA_256'],
    ['RSA_4096', 'RSAES_OAEP_SHA_256'],
  ] as const)('%s %s round-trips and is standard OAEP', async (spec, alg) => {
    const { priv, pubDer } = await pair(spec);
    const pt = randomBytes(100);
    const ct = rsaEncrypt(createPublicKey({ key: pubDer, format: 'der', type: 'spki' }), alg, pt);
    expect(rsaDecrypt(priv, alg, ct)).toEqual(pt);
    const external = publicEncrypt(
      { key: createPublicKey({ key: pubDer, format: 'der', type: 'spki' }), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: alg.endsWith('_1') ? 'sha1' : 'sha256' },
      pt,
    );
    expect(rsaDecrypt(priv, alg, external)).toEqual(pt);
    expect(() => rsaDecrypt(priv, alg, randomBytes(ct.length))).toThrow();
  });

  it.each(['HMAC_224', 'HMAC_256', 'HMAC_384', 'HMAC_512'] as const)('%s MACs are standard HMAC', async (spec) => {
    const m = await generateMaterial(spec);
    expect(m.secret).toHaveLength((SPECS[spec].bits ?? 0) / 8);
    const hash = SPECS[spec].hash!;
    const mac = hmac(hash, m.secret, Buffer.from('msg'));
    expect(hmacMatches(hash, m.secret, Buffer.from('msg'), mac)).toBe(true);
    expect(hmacMatches(hash, m.secret, Buffer.from('msh'), mac)).toBe(false);
    expect(hmacMatches(hash, m.secret, Buffer.from('msg'), mac.subarray(1))).toBe(false);
  });

  it.each(['ECC_NIST_P256', 'ECC_NIST_P384', 'ECC_NIST_P521'] as const)('%s ECDH agrees with the peer', async (spec) => {
    const kms = await pair(spec);
    const curve = SPECS[spec].curve!;
    const peer = createECDH(curve);
    peer.generateKeys();
    const peerKeys = generateKeyPairSync('ec', { namedCurve: curve });
    const peerDer = peerKeys.publicKey.export({ format: 'der', type: 'spki' });
    const secret = ecdhSharedSecret(kms.priv, curve, spec, peerDer);
    const theirs = ecdhSharedSecret(peerKeys.privateKey, curve, spec, kms.pubDer);
    expect(secret).toEqual(theirs);
    const other = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ format: 'der', type: 'spki' });
    expect(() => ecdhSharedSecret(kms.priv, curve, spec, other)).toThrow(/not on the curve/);
    expect(() => ecdhSharedSecret(kms.priv, curve, spec, Buffer.from('nope'))).toThrow(/not a valid DER/);
  });
});

describe('key material import', () => {
  const wrapping = generateKeyPairSync('rsa', { modulusLength: 2048 });

  it('unwraps RSAES_OAEP_SHA_256', () => {
    const material = randomBytes(32);
    const wrapped = publicEncrypt({ key: wrapping.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, material);
    expect(unwrapKeyMaterial(wrapping.privateKey, 'RSAES_OAEP_SHA_256', wrapped)).toEqual(material);
  });

  it('unwraps RSA_AES_KEY_WRAP_SHA_256 (OAEP of an AES key, then AES-KWP)', () => {
    const ec = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const material = ec.privateKey.export({ format: 'der', type: 'pkcs8' });
    const aes = randomBytes(32);
    const head = publicEncrypt({ key: wrapping.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, aes);
    const c = createCipheriv('id-aes256-wrap-pad', aes, Buffer.from('a65959a6', 'hex'));
    const wrapped = Buffer.concat([head, c.update(material), c.final()]);
    const out = unwrapKeyMaterial(wrapping.privateKey, 'RSA_AES_KEY_WRAP_SHA_256', wrapped);
    expect(out).toEqual(material);
    expect(acceptKeyMaterial('ECC_NIST_P256', out).publicKey).toEqual(ec.publicKey.export({ format: 'der', type: 'spki' }));
    expect(() => acceptKeyMaterial('ECC_NIST_P384', out)).toThrow('The private key does not match key spec ECC_NIST_P384.');
  });

  it('refuses material of the wrong size or shape', () => {
    expect(() => acceptKeyMaterial('SYMMETRIC_DEFAULT', randomBytes(16))).toThrow(/256 bits/);
    expect(() => acceptKeyMaterial('HMAC_256', randomBytes(16))).toThrow('Key material for HMAC_256 must be 32 to 64 bytes.');
    expect(() => acceptKeyMaterial('RSA_2048', randomBytes(100))).toThrow(/PKCS #8/);
    expect(() => unwrapKeyMaterial(wrapping.privateKey, 'RSAES_OAEP_SHA_256', randomBytes(256))).toThrow();
  });
});
