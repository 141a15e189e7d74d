import { constants, createHash, sign, verify, type KeyObject } from 'node:crypto';
import type { KeySpec, MessageType, SigningAlgorithmSpec } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import { specInfo } from '../key-specs.js';
import { ecdsaSignDigest, ecdsaVerifyDigest } from './ecdsa-digest.js';
import { pkcs1SignDigest, pkcs1VerifyDigest, pssSignDigest, pssVerifyDigest } from './rsa-digest.js';

type Scheme = 'pkcs1' | 'pss' | 'ecdsa' | 'ed25519' | 'ed25519ph' | 'unsupported';

const ALGORITHMS: Readonly<Record<SigningAlgorithmSpec, { scheme: Scheme; hash: string }>> = {
  RSASSA_PSS_SHA_256: { scheme: 'pss', hash: 'sha256' },
  RSASSA_PSS_SHA_384: { scheme: 'pss', hash: 'sha384' },
  RSASSA_PSS_SHA_512: { scheme: 'pss', hash: 'sha512' },
  RSASSA_PKCS1_V1_5_SHA_256: { scheme: 'pkcs1', hash: 'sha256' },
  RSASSA_PKCS1_V1_5_SHA_384: { scheme: 'pkcs1', hash: 'sha384' },
  RSASSA_PKCS1_V1_5_SHA_512: { scheme: 'pkcs1', hash: 'sha512' },
  ECDSA_SHA_256: { scheme: 'ecdsa', hash: 'sha256' },
  ECDSA_SHA_384: { scheme: 'ecdsa', hash: 'sha384' },
  ECDSA_SHA_512: { scheme: 'ecdsa', hash: 'sha512' },
  ED25519_SHA_512: { scheme: 'ed25519', hash: 'sha512' },
  ED25519_PH_SHA_512: { scheme: 'ed25519ph', hash: 'sha512' },
  SM2DSA: { scheme: 'unsupported', hash: 'sm3' },
  ML_DSA_SHAKE_256: { scheme: 'unsupported', hash: 'shake256' },
};

const DIGEST_BYTES: Readonly<Record<string, number>> = { sha256: 32, sha384: 48, sha512: 64 };

/** The algorithm must be one the key's spec lists. */
export function checkSigningAlgorithm(spec: KeySpec, alg: SigningAlgorithmSpec): void {
  const allowed = specInfo(spec).algorithms.SIGN_VERIFY?.SigningAlgorithms ?? [];
  if (!allowed.includes(alg)) throw new AwsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${spec}.`);
}

/**
 * What the private-key operation works on: the message (RAW) or the caller's digest (DIGEST),
 * with AWS's refusals for message types an algorithm cannot take.
 */
function prepare(spec: KeySpec, alg: SigningAlgorithmSpec, message: Buffer, messageType: MessageType): { scheme: Scheme; hash: string; digest?: Buffer } {
  const { scheme, hash } = ALGORITHMS[alg];
  if (scheme === 'ed25519ph') {
    throw new AwsError(
      'UnsupportedOperationException',
      'Signing algorithm ED25519_PH_SHA_512 is not supported by this server: node:crypto in Node.js 20 has no Ed25519ph. Use ED25519_SHA_512.',
    );
  }
  if (scheme === 'unsupported') throw new AwsError('UnsupportedOperationException', `Signing algorithm ${alg} is not supported by this server.`);
  if (messageType === 'EXTERNAL_MU') throw new AwsError('ValidationException', `Message type EXTERNAL_MU is incompatible with key spec ${spec}.`);
  if (messageType === 'RAW') return { scheme, hash };
  if (scheme === 'ed25519') throw new AwsError('ValidationException', `Message type DIGEST is incompatible with signing algorithm ${alg}.`);
  if (message.length !== DIGEST_BYTES[hash]) throw new AwsError('ValidationException', `Digest is invalid length for algorithm ${alg}.`);
  return { scheme, hash, digest: message };
}

export function signMessage(spec: KeySpec, alg: SigningAlgorithmSpec, key: KeyObject, message: Buffer, messageType: MessageType): Buffer {
  const { scheme, hash, digest } = prepare(spec, alg, message, messageType);
  const curve = specInfo(spec).curve ?? '';
  switch (scheme) {
    case 'pkcs1':
      return digest ? pkcs1SignDigest(key, hash, digest) : sign(hash, message, { key, padding: constants.RSA_PKCS1_PADDING });
    case 'pss':
      return digest
        ? pssSignDigest(key, hash, digest)
        : sign(hash, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_BYTES[hash] });
    case 'ecdsa':
      return digest ? ecdsaSignDigest(curve, key, digest) : sign(hash, message, { key, dsaEncoding: 'der' });
    default:
      return sign(null, message, key);
  }
}

export function verifyMessage(
  spec: KeySpec,
  alg: SigningAlgorithmSpec,
  key: KeyObject,
  message: Buffer,
  messageType: MessageType,
  signature: Buffer,
): boolean {
  const { scheme, hash, digest } = prepare(spec, alg, message, messageType);
  const curve = specInfo(spec).curve ?? '';
  try {
    switch (scheme) {
      case 'pkcs1':
        return digest
          ? pkcs1VerifyDigest(key, hash, digest, signature)
          : verify(hash, message, { key, padding: constants.RSA_PKCS1_PADDING }, signature);
      case 'pss':
        return digest
          ? pssVerifyDigest(key, hash, digest, signature)
          : verify(hash, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: DIGEST_BYTES[hash] }, signature);
      case 'ecdsa':
        return digest ? ecdsaVerifyDigest(curve, key, digest, signature) : verify(hash, message, { key, dsaEncoding: 'der' }, signature);
      default:
        return verify(null, message, key, signature);
    }
  } catch {
    // A malformed signature is an invalid one.
    return false;
  }
}

/** For tests and callers that want the digest a RAW message stands for. */
export const digestOf = (alg: SigningAlgorithmSpec, message: Buffer): Buffer => createHash(ALGORITHMS[alg].hash).update(message).digest();
