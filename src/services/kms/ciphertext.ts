import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import { isKeyId } from './key.js';

/**
 * Symmetric ciphertext blob, self-describing so Decrypt needs no KeyId:
 *
 *   0x01 | account (12 ASCII digits) | len | key id | material id (32 bytes) | IV (12) | ciphertext | tag (16)
 *
 * Everything before the IV, and the encryption context, is bound as AES-GCM additional data,
 * so changing any byte of the header, of the body or of the context fails authentication.
 */
export const FORMAT_SYMMETRIC = 0x01;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const MATERIAL_ID_BYTES = 32;
const DOMAIN = Buffer.from('coffer/kms/ciphertext/v1', 'ascii');

export interface CiphertextHeader {
  account: string;
  keyId: string;
  /** 64 hex characters. */
  materialId: string;
}

export type EncryptionContext = Record<string, string>;

/**
 * Canonical AAD for an encryption context: pairs sorted by the UTF-8 bytes of the key, each
 * key and value prefixed by its 32-bit length, the whole prefixed by the pair count. Unlike
 * concatenation, no two different contexts share an encoding.
 */
export function canonicalContext(context: EncryptionContext | undefined): Buffer {
  const pairs = Object.entries(context ?? {}).map(([k, v]) => [Buffer.from(k, 'utf8'), Buffer.from(v, 'utf8')] as const);
  pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  const parts: Buffer[] = [u32(pairs.length)];
  for (const [k, v] of pairs) parts.push(u32(k.length), k, u32(v.length), v);
  return Buffer.concat(parts);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

function encodeHeader(h: CiphertextHeader): Buffer {
  const id = Buffer.from(h.keyId, 'ascii');
  return Buffer.concat([Buffer.from([FORMAT_SYMMETRIC]), Buffer.from(h.account, 'ascii'), Buffer.from([id.length]), id, Buffer.from(h.materialId, 'hex')]);
}

const aad = (header: Buffer, context: EncryptionContext | undefined): Buffer => Buffer.concat([DOMAIN, header, canonicalContext(context)]);

export function sealBlob(key: Buffer, h: CiphertextHeader, plaintext: Buffer, context: EncryptionContext | undefined): Buffer {
  const header = encodeHeader(h);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad(header, context));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([header, iv, body, cipher.getAuthTag()]);
}

export interface ParsedBlob extends CiphertextHeader {
  header: Buffer;
  iv: Buffer;
  body: Buffer;
  tag: Buffer;
}

/** Read the header of a symmetric blob; undefined when the bytes are not one of ours. */
export function parseBlob(blob: Buffer): ParsedBlob | undefined {
  if (blob.length < 14 || blob[0] !== FORMAT_SYMMETRIC) return undefined;
  const account = blob.subarray(1, 13).toString('ascii');
  if (!/^\d{12}$/.test(account)) return undefined;
  const idLen = blob[13]!;
  const idEnd = 14 + idLen;
  const headerEnd = idEnd + MATERIAL_ID_BYTES;
  if (blob.length < headerEnd + IV_BYTES + TAG_BYTES) return undefined;
  const keyId = blob.subarray(14, idEnd).toString('ascii');
  if (!isKeyId(keyId)) return undefined;
  return {
    account,
    keyId,
    materialId: blob.subarray(idEnd, headerEnd).toString('hex'),
    header: blob.subarray(0, headerEnd),
    iv: blob.subarray(headerEnd, headerEnd + IV_BYTES),
    body: blob.subarray(headerEnd + IV_BYTES, blob.length - TAG_BYTES),
    tag: blob.subarray(blob.length - TAG_BYTES),
  };
}

/** AWS answers a wrong context, a changed blob and a foreign blob alike, with no message. */
export const invalidCiphertext = (): AwsError => new AwsError('InvalidCiphertextException', '');

export function openBlob(key: Buffer, parsed: ParsedBlob, context: EncryptionContext | undefined): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
  decipher.setAAD(aad(parsed.header, context));
  decipher.setAuthTag(parsed.tag);
  try {
    return Buffer.concat([decipher.update(parsed.body), decipher.final()]);
  } catch {
    throw invalidCiphertext();
  }
}
