import { createCipheriv, createDecipheriv, type KeyObject } from 'node:crypto';
import { fillRandom } from '../../crypto/random-pool.js';
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
  return Buffer.from(contextBytes(context));
}

const NO_CONTEXT = Buffer.alloc(4);

/** canonicalContext, in one allocation; the empty context is a shared buffer (read only). */
function contextBytes(context: EncryptionContext | undefined): Buffer {
  if (context === undefined) return NO_CONTEXT;
  const keys = Object.keys(context);
  if (keys.length === 0) return NO_CONTEXT;
  const pairs = keys.map((k) => [Buffer.from(k, 'utf8'), Buffer.from(context[k]!, 'utf8')] as const);
  if (pairs.length > 1) pairs.sort((a, b) => Buffer.compare(a[0], b[0]));
  let size = 4;
  for (const [k, v] of pairs) size += 8 + k.length + v.length;
  const out = Buffer.allocUnsafe(size);
  let at = out.writeUInt32BE(pairs.length, 0);
  for (const [k, v] of pairs) {
    at = out.writeUInt32BE(k.length, at);
    at += k.copy(out, at);
    at = out.writeUInt32BE(v.length, at);
    at += v.copy(out, at);
  }
  return out;
}

/** The header of every blob sealed under one key material (it never changes: callers may cache it). */
export function encodeHeader(h: CiphertextHeader): Buffer {
  const id = Buffer.from(h.keyId, 'ascii');
  return Buffer.concat([Buffer.from([FORMAT_SYMMETRIC]), Buffer.from(h.account, 'ascii'), Buffer.from([id.length]), id, Buffer.from(h.materialId, 'hex')]);
}

function aad(header: Buffer, context: EncryptionContext | undefined): Buffer {
  const ctx = contextBytes(context);
  const out = Buffer.allocUnsafe(DOMAIN.length + header.length + ctx.length);
  DOMAIN.copy(out, 0);
  header.copy(out, DOMAIN.length);
  ctx.copy(out, DOMAIN.length + header.length);
  return out;
}

/**
 * [header][IV][ciphertext][tag] in one buffer. `header` is encodeHeader(h), when the caller
 * keeps it; `key` may be an imported KeyObject, which saves importing the key per call.
 */
export function sealBlob(
  key: Buffer | KeyObject,
  h: CiphertextHeader,
  plaintext: Buffer,
  context: EncryptionContext | undefined,
  header: Buffer = encodeHeader(h),
): Buffer {
  const out = Buffer.allocUnsafe(header.length + IV_BYTES + plaintext.length + TAG_BYTES);
  header.copy(out, 0);
  fillRandom(out, header.length, IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, out.subarray(header.length, header.length + IV_BYTES));
  cipher.setAAD(aad(header, context));
  let at = header.length + IV_BYTES;
  at += cipher.update(plaintext).copy(out, at);
  at += cipher.final().copy(out, at);
  cipher.getAuthTag().copy(out, at);
  return out;
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

export function openBlob(key: Buffer | KeyObject, parsed: ParsedBlob, context: EncryptionContext | undefined): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, parsed.iv);
  decipher.setAAD(aad(parsed.header, context));
  decipher.setAuthTag(parsed.tag);
  const plaintext = decipher.update(parsed.body);
  try {
    decipher.final();
  } catch {
    plaintext.fill(0);
    throw invalidCiphertext();
  }
  return plaintext;
}
