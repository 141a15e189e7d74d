import { constants, createHmac, createPublicKey, diffieHellman, privateDecrypt, publicEncrypt, timingSafeEqual, type KeyObject } from 'node:crypto';
import { AwsError } from '../../../protocol/errors.js';
import { invalidCiphertext } from '../ciphertext.js';

const OAEP_HASH = { RSAES_OAEP_SHA_1: 'sha1', RSAES_OAEP_SHA_256: 'sha256' } as const;
export type OaepAlgorithm = keyof typeof OAEP_HASH;

export function rsaEncrypt(publicKey: KeyObject, alg: OaepAlgorithm, plaintext: Buffer): Buffer {
  return publicEncrypt({ key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, plaintext);
}

export function rsaDecrypt(privateKey: KeyObject, alg: OaepAlgorithm, ciphertext: Buffer): Buffer {
  try {
    return privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASH[alg] }, ciphertext);
  } catch {
    throw invalidCiphertext();
  }
}

export const hmac = (hash: string, key: Buffer, message: Buffer): Buffer => createHmac(hash, key).update(message).digest();

export function hmacMatches(hash: string, key: Buffer, message: Buffer, mac: Buffer): boolean {
  const expected = hmac(hash, key, message);
  return mac.length === expected.length && timingSafeEqual(mac, expected);
}

/** ECDH with a peer's DER SubjectPublicKeyInfo on the key's own curve: the raw shared x-coordinate. */
export function ecdhSharedSecret(privateKey: KeyObject, curve: string, spec: string, peerDer: Buffer): Buffer {
  let peer: KeyObject;
  try {
    peer = createPublicKey({ key: peerDer, format: 'der', type: 'spki' });
  } catch {
    throw new AwsError('ValidationException', 'PublicKey is not a valid DER-encoded X.509 (SubjectPublicKeyInfo) public key.');
  }
  if (peer.asymmetricKeyType !== 'ec' || peer.asymmetricKeyDetails?.namedCurve !== curve) {
    throw new AwsError('ValidationException', `The public key is not on the curve of key spec ${spec}.`);
  }
  return diffieHellman({ privateKey, publicKey: peer });
}
