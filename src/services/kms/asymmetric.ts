import { AwsError } from '../../protocol/errors.js';
import { privateKeyOf, publicKeyOf } from './crypto/material.js';
import type { KeyObject } from 'node:crypto';
import { currentMaterial, type KeyRecord } from './key.js';

/** The current key pair of an asymmetric key (the state table has already required Enabled). */
export function keyPair(k: KeyRecord): { privateKey: () => KeyObject; publicKey: KeyObject; publicDer: Buffer } {
  const m = currentMaterial(k);
  if (!m || m.secret === undefined || m.publicKey === undefined) {
    throw new AwsError('KMSInvalidStateException', `key material of ${k.keyId} is not available`);
  }
  return {
    privateKey: () => privateKeyOf(m.id, m.secret!),
    publicKey: publicKeyOf(m.id, m.publicKey),
    publicDer: Buffer.from(m.publicKey, 'base64'),
  };
}

export function macKey(k: KeyRecord): { id: string; secret: Buffer } {
  const m = currentMaterial(k);
  if (!m || m.secret === undefined) throw new AwsError('KMSInvalidStateException', `key material of ${k.keyId} is not available`);
  return { id: m.id, secret: Buffer.from(m.secret, 'base64') };
}
