import { createCipheriv, createDecipheriv } from 'node:crypto';
import { pooledRandomBytes } from '../../crypto/random-pool.js';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../../protocol/operation.js';
import { Utf8Text } from '../../protocol/utf8-text.js';
import type { AppServices } from '../../server/app-services.js';
import type { KmsCaller } from '../kms/internal.js';

/** A version's value: exactly one of the two. */
export interface SecretValue {
  SecretString?: string;
  SecretBinary?: Buffer;
}

/** A version's value as decrypted for an answer: a SecretString still as its UTF-8 bytes. */
export type OpenedValue = { SecretString: Utf8Text; SecretBinary?: undefined } | { SecretBinary: Buffer; SecretString?: undefined };

/** The decrypted value as the other operations use it (the Utf8Text's bytes are wiped). */
export function valueOf(opened: OpenedValue): SecretValue {
  return opened.SecretString !== undefined ? { SecretString: opened.SecretString.takeString() } : { SecretBinary: opened.SecretBinary };
}

/** What is stored for a version (and then sealed again by the barrier). */
interface SealedValue {
  v: 1;
  /** Key ARN the data key is wrapped under. */
  k: string;
  /** KMS ciphertext blob of the data key, base64. */
  w: string;
  iv: string;
  c: string;
  t: string;
  /** 1 for SecretBinary, 0 for SecretString. */
  b: 0 | 1;
}

export function kmsCaller(ctx: RequestContext, region = ctx.region): KmsCaller {
  return {
    account: ctx.account,
    region,
    principalArn: ctx.principal.arn,
    viaService: `secretsmanager.${region}.amazonaws.com`,
    now: ctx.now,
    request: ctx,
  };
}

export function encryptionContext(arn: string, versionId: string): Record<string, string> {
  return { SecretARN: arn, SecretVersionId: versionId };
}

/**
 * Envelope encryption as AWS does it: a fresh AES-256 data key from KMS per version,
 * with {SecretARN, SecretVersionId} as encryption context; the value is sealed with
 * AES-256-GCM, the ARN and version id bound again as AAD. The plaintext data key is
 * wiped once used. Every read asks KMS, which decides key state and policy each time
 * (only the unwrap itself may come from its short-lived cache), so disabling or
 * scheduling the key for deletion takes effect on the next read.
 */
export async function sealValue(
  app: AppServices,
  caller: KmsCaller,
  keyArn: string,
  arn: string,
  versionId: string,
  value: SecretValue,
  requestId: string,
): Promise<Buffer> {
  let dk;
  try {
    dk = await app.kms.generateDataKey(caller, keyArn, encryptionContext(arn, versionId));
  } catch (err) {
    throw encryptionError(err, requestId);
  }
  try {
    const iv = pooledRandomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', dk.plaintext, iv);
    cipher.setAAD(aad(arn, versionId));
    const plain = value.SecretBinary ?? Buffer.from(value.SecretString ?? '', 'utf8');
    const c = Buffer.concat([cipher.update(plain), cipher.final()]);
    const sealed: SealedValue = {
      v: 1,
      k: dk.keyArn,
      w: dk.ciphertextBlob.toString('base64'),
      iv: iv.toString('base64'),
      c: c.toString('base64'),
      t: cipher.getAuthTag().toString('base64'),
      b: value.SecretBinary !== undefined ? 1 : 0,
    };
    return Buffer.from(JSON.stringify(sealed), 'utf8');
  } finally {
    dk.plaintext.fill(0);
  }
}

/** A stored value with its parts decoded: still encrypted under its data key, which is wrapped by KMS. */
export interface ParsedSealed {
  k: string;
  w: Buffer;
  iv: Buffer;
  c: Buffer;
  t: Buffer;
  b: 0 | 1;
}

export function parseSealed(stored: Buffer): ParsedSealed {
  const s = JSON.parse(stored.toString('utf8')) as SealedValue;
  return {
    k: s.k,
    w: Buffer.from(s.w, 'base64'),
    iv: Buffer.from(s.iv, 'base64'),
    c: Buffer.from(s.c, 'base64'),
    t: Buffer.from(s.t, 'base64'),
    b: s.b,
  };
}

export async function openForAnswer(
  app: AppServices,
  caller: KmsCaller,
  arn: string,
  versionId: string,
  sealed: ParsedSealed,
  requestId: string,
): Promise<OpenedValue> {
  let dk;
  try {
    dk = await app.kms.decrypt(caller, sealed.w, encryptionContext(arn, versionId));
  } catch (err) {
    throw decryptionError(err, requestId);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', dk.plaintext, sealed.iv);
    decipher.setAAD(aad(arn, versionId));
    decipher.setAuthTag(sealed.t);
    const plain = decipher.update(sealed.c);
    try {
      decipher.final();
    } catch (err) {
      plain.fill(0);
      throw err;
    }
    return sealed.b === 1 ? { SecretBinary: plain } : { SecretString: new Utf8Text(plain) };
  } catch {
    throw new AwsError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
  } finally {
    dk.plaintext.fill(0);
  }
}

/** Key ARN a stored value is wrapped under (for ListSecretVersionIds and re-encryption). */
export function sealedKeyArn(stored: Buffer): string {
  return (JSON.parse(stored.toString('utf8')) as SealedValue).k;
}

function aad(arn: string, versionId: string): Buffer {
  const a = Buffer.byteLength(arn, 'utf8');
  const v = Buffer.byteLength(versionId, 'utf8');
  const out = Buffer.allocUnsafe(8 + a + v);
  out.writeUInt32BE(a, 0);
  out.write(arn, 4, a, 'utf8');
  out.writeUInt32BE(v, 4 + a);
  out.write(versionId, 8 + a, v, 'utf8');
  return out;
}

/** KMS's refusal to let Secrets Manager use the key on the caller's behalf. */
const KMS_ACCESS_DENIED = (): AwsError => new AwsError('AccessDeniedException', 'Access to KMS is not allowed');

// AWS wraps KMS's own error in the Secrets Manager one, quoting it the way the Java
// SDK prints it, e.g. "Secrets Manager can't decrypt the secret value: <arn> is
// disabled. (Service: AWSKMS; Status Code: 400; Error Code: DisabledException; ...)".
function kmsDetail(err: AwsError, requestId: string): string {
  return `${err.message} (Service: AWSKMS; Status Code: ${err.status}; Error Code: ${err.code}; Request ID: ${requestId}; Proxy: null)`;
}

export function decryptionError(err: unknown, requestId: string): AwsError {
  if (!(err instanceof AwsError)) return new AwsError('DecryptionFailure', "Secrets Manager can't decrypt the protected secret text using the provided KMS key.");
  if (err.code === 'AccessDeniedException') return KMS_ACCESS_DENIED();
  return new AwsError('DecryptionFailure', `Secrets Manager can't decrypt the secret value: ${kmsDetail(err, requestId)}`);
}

export function encryptionError(err: unknown, requestId: string): AwsError {
  if (!(err instanceof AwsError)) {
    return new AwsError('EncryptionFailure', "Secrets Manager can't encrypt the protected secret text using the provided KMS key.");
  }
  if (err.code === 'AccessDeniedException') return KMS_ACCESS_DENIED();
  if (err.code === 'NotFoundException') return invalidKmsKey(err);
  return new AwsError('EncryptionFailure', `Secrets Manager can't encrypt the secret value: ${kmsDetail(err, requestId)}`);
}

/** An unknown KmsKeyId on Create/Update/Replicate (terraform-provider-aws#13303 quotes AWS). */
export function invalidKmsKey(err: AwsError): AwsError {
  return new AwsError('InvalidParameterException', `The operation failed because of an invalid KMS key: ${err.message}`);
}
