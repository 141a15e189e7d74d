import type { EncryptionAlgorithmSpec } from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';
import { invalidCiphertext, openBlob, parseBlob, sealBlob, type EncryptionContext, type ParsedBlob } from './ciphertext.js';
import { privateKeyOf, publicKeyOf } from './crypto/material.js';
import { rsaDecrypt, rsaEncrypt } from './crypto/primitives.js';
import { incompatibleAlgorithm, incorrectKey, validation, wrongSpec, wrongUsage } from './errors.js';
import type { FoundKey } from './key-guard.js';
import { algorithmsFor, rsaPlaintextLimit, specInfo } from './key-specs.js';
import { currentMaterial, materialById, type KeyMaterial, type KeyRecord } from './key.js';
import { blobHeaderOf, symmetricKeyOf } from './material-keys.js';

/** Encrypt and Decrypt (and everything built on them) for keys already past the state table. */

export function requireEncryptDecrypt(found: FoundKey, operation: string): void {
  if (found.key.keyUsage !== 'ENCRYPT_DECRYPT') throw wrongUsage(found.arn, found.key.keyUsage, operation);
}

/** GenerateDataKey*, GenerateDataKeyPair*: symmetric encryption keys only. */
export function requireSymmetric(found: FoundKey, operation: string): void {
  requireEncryptDecrypt(found, operation);
  if (found.key.keySpec !== 'SYMMETRIC_DEFAULT') throw wrongSpec(found.arn, found.key.keySpec, operation);
}

export function checkEncryptionAlgorithm(k: KeyRecord, alg: EncryptionAlgorithmSpec): void {
  const allowed = algorithmsFor(k.keySpec, k.keyUsage).EncryptionAlgorithms ?? [];
  if (!allowed.includes(alg)) throw incompatibleAlgorithm(alg, k.keySpec);
}

function liveCurrent(k: KeyRecord): KeyMaterial {
  const m = currentMaterial(k);
  if (!m || m.secret === undefined) throw new AwsError('KMSInvalidStateException', `key material of ${k.keyId} is not available`);
  return m;
}

export interface Sealed {
  blob: Buffer;
  materialId?: string;
}

/** Encrypt under the key's current material (symmetric) or public key (RSA). */
export function encryptWith(found: FoundKey, alg: EncryptionAlgorithmSpec, plaintext: Buffer, context: EncryptionContext | undefined): Sealed {
  const k = found.key;
  checkEncryptionAlgorithm(k, alg);
  const m = liveCurrent(k);
  if (alg === 'SYMMETRIC_DEFAULT') {
    const withSecret = m as KeyMaterial & { secret: string };
    const header = blobHeaderOf(k, withSecret);
    const blob = sealBlob(symmetricKeyOf(withSecret), { account: k.account, keyId: k.keyId, materialId: m.id }, plaintext, context, header);
    return { blob, materialId: m.id };
  }
  if (alg === 'RSAES_OAEP_SHA_1' || alg === 'RSAES_OAEP_SHA_256') {
    const limit = rsaPlaintextLimit(specInfo(k.keySpec).bits ?? 2048, alg);
    if (plaintext.length > limit) throw validation(`Algorithm ${alg} and key spec ${k.keySpec} cannot encrypt data larger than ${limit} bytes.`);
    if (context && Object.keys(context).length > 0) throw validation('EncryptionContext is not supported with asymmetric KMS keys.');
    return { blob: rsaEncrypt(publicKeyOf(m.id, m.publicKey!), alg, plaintext) };
  }
  throw incompatibleAlgorithm(alg, k.keySpec);
}

export interface Opened {
  plaintext: Buffer;
  materialId?: string;
}

/**
 * Decrypt a blob with a known key. A symmetric blob naming another key is IncorrectKey; any
 * other failure (changed bytes, wrong context, foreign blob) is an empty InvalidCiphertext.
 */
export function decryptWith(
  found: FoundKey,
  alg: EncryptionAlgorithmSpec,
  blob: Buffer,
  parsed: ParsedBlob | undefined,
  context: EncryptionContext | undefined,
): Opened {
  const k = found.key;
  if (alg === 'SYMMETRIC_DEFAULT' && k.keySpec === 'SYMMETRIC_DEFAULT') {
    if (!parsed) throw invalidCiphertext();
    if (parsed.keyId !== k.keyId) throw incorrectKey();
    const m = materialById(k, parsed.materialId);
    if (!m || m.secret === undefined) throw invalidCiphertext();
    return { plaintext: openBlob(symmetricKeyOf(m as KeyMaterial & { secret: string }), parsed, context), materialId: m.id };
  }
  checkEncryptionAlgorithm(k, alg);
  if (alg === 'RSAES_OAEP_SHA_1' || alg === 'RSAES_OAEP_SHA_256') {
    const m = liveCurrent(k);
    return { plaintext: rsaDecrypt(privateKeyOf(m.id, m.secret!), alg, blob) };
  }
  throw incompatibleAlgorithm(alg, k.keySpec);
}

/** Decrypt's key choice: the KeyId the caller gave, which must match the blob's, or the blob's own. */
export function blobKeyId(blob: Buffer): { parsed?: ParsedBlob; keyId?: string; account?: string } {
  const parsed = parseBlob(blob);
  return parsed ? { parsed, keyId: parsed.keyId, account: parsed.account } : {};
}

export function checkDecryptKey(found: FoundKey, parsed: ParsedBlob | undefined, alg: EncryptionAlgorithmSpec): void {
  // A symmetric blob decrypted with a KeyId naming any other key.
  if (parsed && alg === 'SYMMETRIC_DEFAULT' && (parsed.keyId !== found.key.keyId || parsed.account !== found.key.account)) throw incorrectKey();
}
