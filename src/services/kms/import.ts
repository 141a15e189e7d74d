import { constants, createDecipheriv, createPrivateKey, createPublicKey, privateDecrypt, type KeyObject } from 'node:crypto';
import type { AlgorithmSpec, KeySpec } from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';
import { invalidCiphertext } from './ciphertext.js';
import { privateKeyMatchesSpec } from './crypto/material.js';
import { unsupported } from './errors.js';
import { specInfo } from './key-specs.js';

/** Wrapping algorithms for GetParametersForImport that node:crypto can unwrap. */
export function checkWrapping(alg: AlgorithmSpec, wrappingKeySpec: string): void {
  if (wrappingKeySpec === 'SM2') throw unsupported('WrappingKeySpec SM2 is not supported in this Region');
  if (alg === 'SM2PKE') throw unsupported('WrappingAlgorithm SM2PKE is not supported in this Region');
  if (alg === 'RSAES_PKCS1_V1_5') {
    // OpenSSL in Node.js 20 refuses PKCS #1 v1.5 decryption (Marvin attack), and AWS deprecated it.
    throw unsupported('WrappingAlgorithm RSAES_PKCS1_V1_5 is not supported by this server. Use RSAES_OAEP_SHA_256 or RSA_AES_KEY_WRAP_SHA_256.');
  }
}

const OAEP: Readonly<Record<string, string>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
  RSA_AES_KEY_WRAP_SHA_1: 'sha1',
  RSA_AES_KEY_WRAP_SHA_256: 'sha256',
};

// RFC 5649 alternative initial value.
const KWP_IV = Buffer.from('a65959a6', 'hex');

/** Undo the client's wrapping: RSA-OAEP, or RSA-OAEP of an AES key followed by AES-KWP (RFC 5649). */
export function unwrapKeyMaterial(wrappingKey: KeyObject, alg: string, wrapped: Buffer): Buffer {
  const hash = OAEP[alg];
  if (!hash) throw invalidCiphertext();
  const oaep = (data: Buffer): Buffer => privateDecrypt({ key: wrappingKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: hash }, data);
  try {
    if (alg.startsWith('RSAES_OAEP')) return oaep(wrapped);
    const k = (wrappingKey.asymmetricKeyDetails?.modulusLength ?? 0) / 8;
    const aesKey = oaep(wrapped.subarray(0, k));
    if (aesKey.length !== 32 && aesKey.length !== 24 && aesKey.length !== 16) throw invalidCiphertext();
    const d = createDecipheriv(`id-aes${aesKey.length * 8}-wrap-pad`, aesKey, KWP_IV);
    return Buffer.concat([d.update(wrapped.subarray(k)), d.final()]);
  } catch {
    throw invalidCiphertext();
  }
}

const HMAC_BYTES: Readonly<Record<string, [number, number]>> = {
  HMAC_224: [28, 64],
  HMAC_256: [32, 64],
  HMAC_384: [48, 128],
  HMAC_512: [64, 128],
};

const incorrect = (message: string): AwsError => new AwsError('IncorrectKeyMaterialException', message);

/** Check imported bytes against the key spec; asymmetric material is a PKCS#8 DER private key. */
export function acceptKeyMaterial(spec: KeySpec, material: Buffer): { secret: Buffer; publicKey?: Buffer } {
  const family = specInfo(spec).family;
  if (family === 'symmetric') {
    if (material.length !== 32) throw incorrect('Symmetric key material must be exactly 256 bits (32 bytes).');
    return { secret: material };
  }
  if (family === 'hmac') {
    const [min, max] = HMAC_BYTES[spec]!;
    if (material.length < min || material.length > max) throw incorrect(`Key material for ${spec} must be ${min} to ${max} bytes.`);
    return { secret: material };
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
  } catch {
    throw incorrect(`Key material for ${spec} must be a DER-encoded PKCS #8 private key.`);
  }
  if (!privateKeyMatchesSpec(key, spec)) throw incorrect(`The private key does not match key spec ${spec}.`);
  return {
    secret: key.export({ format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey(key).export({ format: 'der', type: 'spki' }),
  };
}
