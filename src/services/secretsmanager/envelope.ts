import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../../protocol/operation.js';
import type { AppServices } from '../../server/app-services.js';
import type { KmsCaller } from '../kms/internal.js';

/** A version's value: exactly one of the two. */
export interface SecretValue {
  SecretString?: string;
  SecretBinary?: Buffer;
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
 * wiped once used. Data keys are not cached: every read asks KMS, so disabling or
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
    const iv = randomBytes(12);
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

export async function openValue(
  app: AppServices,
  caller: KmsCaller,
  arn: string,
  versionId: string,
  stored: Buffer,
  requestId: string,
): Promise<SecretValue> {
  const sealed = JSON.parse(stored.toString('utf8')) as SealedValue;
  let dk;
  try {
    dk = await app.kms.decrypt(caller, Buffer.from(sealed.w, 'base64'), encryptionContext(arn, versionId));
  } catch (err) {
    throw decryptionError(err, requestId);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', dk.plaintext, Buffer.from(sealed.iv, 'base64'));
    decipher.setAAD(aad(arn, versionId));
    decipher.setAuthTag(Buffer.from(sealed.t, 'base64'));
    const plain = Buffer.concat([decipher.update(Buffer.from(sealed.c, 'base64')), decipher.final()]);
    if (sealed.b === 1) return { SecretBinary: plain };
    const s = plain.toString('utf8');
    plain.fill(0);
    return { SecretString: s };
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
  const a = Buffer.from(arn, 'utf8');
  const v = Buffer.from(versionId, 'utf8');
  const out = Buffer.alloc(8 + a.length + v.length);
  out.writeUInt32BE(a.length, 0);
  a.copy(out, 4);
  out.writeUInt32BE(v.length, 4 + a.length);
  v.copy(out, 8 + a.length);
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
