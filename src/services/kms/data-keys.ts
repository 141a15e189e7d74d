import { pooledRandomBytes } from '../../crypto/random-pool.js';
import type { DataKeyPairSpec, DataKeySpec } from '../../generated/kms-types.js';
import type { RequestContext } from '../../protocol/operation.js';
import type { EncryptionContext } from './ciphertext.js';
import { generateKeyPairMaterial } from './crypto/material.js';
import { encryptWith, requireSymmetric } from './envelope.js';
import { validation } from './errors.js';
import { assertSupportedSpec } from './key-specs.js';
import type { KeyOperation } from './key-state.js';
import { usableKey, repoOf } from './op-support.js';
import { dryRunStop } from './request-checks.js';
import { recordUsage } from './usage.js';

export interface DataKey {
  keyArn: string;
  plaintext: Buffer;
  ciphertextBlob: Buffer;
  materialId?: string;
}

/** Bytes of a data key: KeySpec xor NumberOfBytes, as AWS insists. */
export function dataKeyLength(keySpec: DataKeySpec | undefined, numberOfBytes: number | undefined): number {
  if ((keySpec === undefined) === (numberOfBytes === undefined)) throw validation('Please specify either number of bytes or key spec.');
  if (keySpec !== undefined) return keySpec === 'AES_128' ? 16 : 32;
  return numberOfBytes!;
}

export async function generateDataKey(
  input: object,
  ctx: RequestContext,
  op: Extract<KeyOperation, 'GenerateDataKey' | 'GenerateDataKeyWithoutPlaintext'>,
  keyId: string,
  length: number,
  context: EncryptionContext | undefined,
  dryRun: boolean | undefined,
): Promise<DataKey> {
  const found = await usableKey(input, ctx, keyId, op);
  requireSymmetric(found, op);
  const plaintext = pooledRandomBytes(length);
  const sealed = encryptWith(found, 'SYMMETRIC_DEFAULT', plaintext, context);
  dryRunStop(dryRun);
  recordUsage(repoOf(ctx), ctx, found, op);
  const out: DataKey = { keyArn: found.arn, plaintext, ciphertextBlob: sealed.blob };
  if (sealed.materialId) out.materialId = sealed.materialId;
  return out;
}

export interface DataKeyPair {
  keyArn: string;
  privateKeyPlaintext: Buffer;
  privateKeyCiphertextBlob: Buffer;
  publicKey: Buffer;
  materialId?: string;
}

export async function generateDataKeyPair(
  input: object,
  ctx: RequestContext,
  op: Extract<KeyOperation, 'GenerateDataKeyPair' | 'GenerateDataKeyPairWithoutPlaintext'>,
  keyId: string,
  spec: DataKeyPairSpec,
  context: EncryptionContext | undefined,
  dryRun: boolean | undefined,
): Promise<DataKeyPair> {
  const found = await usableKey(input, ctx, keyId, op);
  requireSymmetric(found, op);
  assertSupportedSpec(spec, 'KeyPairSpec');
  const pair = await generateKeyPairMaterial(spec);
  const sealed = encryptWith(found, 'SYMMETRIC_DEFAULT', pair.secret, context);
  dryRunStop(dryRun);
  recordUsage(repoOf(ctx), ctx, found, op);
  const out: DataKeyPair = { keyArn: found.arn, privateKeyPlaintext: pair.secret, privateKeyCiphertextBlob: sealed.blob, publicKey: pair.publicKey! };
  if (sealed.materialId) out.materialId = sealed.materialId;
  return out;
}
