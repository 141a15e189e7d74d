import { timingSafeEqual } from 'node:crypto';
import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../../protocol/operation.js';
import { invalidKmsKey, kmsCaller, openForAnswer, type OpenedValue, sealValue, type SecretValue, valueOf } from './envelope.js';
import { bothValues, tokenReusedWithOtherValue } from './errors.js';
import { sealedVersion } from './sealed-values.js';
import type { SecretRecord } from './secret.js';

/** SecretString xor SecretBinary; undefined when neither was sent. */
export function pickValue(input: { SecretString?: string; SecretBinary?: Buffer }): SecretValue | undefined {
  if (input.SecretString !== undefined && input.SecretBinary !== undefined) throw bothValues();
  if (input.SecretString !== undefined) return { SecretString: input.SecretString };
  if (input.SecretBinary !== undefined) return { SecretBinary: Buffer.from(input.SecretBinary) };
  return undefined;
}

/**
 * The key a secret's new versions go under: its KmsKeyId (resolved now, so an alias
 * follows its target as AWS does) or the region's aws/secretsmanager key, created on
 * first use.
 */
export async function keyArnFor(ctx: RequestContext, kmsKeyId: string | undefined, region = ctx.region): Promise<string> {
  const caller = kmsCaller(ctx, region);
  if (kmsKeyId === undefined || kmsKeyId === '') return ctx.app.kms.awsManagedKeyArn(caller, 'secretsmanager');
  try {
    return await ctx.app.kms.resolveKeyArn(caller, kmsKeyId);
  } catch (err) {
    if (err instanceof AwsError && err.code === 'NotFoundException') throw invalidKmsKey(err);
    throw err;
  }
}

export async function sealFor(
  ctx: RequestContext,
  r: Pick<SecretRecord, 'arn' | 'region'>,
  keyArn: string,
  versionId: string,
  value: SecretValue,
): Promise<Buffer> {
  return sealValue(ctx.app, kmsCaller(ctx, r.region), keyArn, r.arn, versionId, value, ctx.requestId);
}

export async function openVersion(ctx: RequestContext, r: SecretRecord, versionId: string): Promise<SecretValue | undefined> {
  const opened = await openVersionForAnswer(ctx, r, versionId);
  return opened && valueOf(opened);
}

/** As openVersion, with a SecretString left as bytes for the answer to copy (GetSecretValue). */
export async function openVersionForAnswer(ctx: RequestContext, r: SecretRecord, versionId: string): Promise<OpenedValue | undefined> {
  const sealed = await sealedVersion(ctx.app, r, versionId);
  if (!sealed) return undefined;
  return openForAnswer(ctx.app, kmsCaller(ctx, r.region), r.arn, versionId, sealed, ctx.requestId);
}

/**
 * ClientRequestToken reuse: the same token with the same value is a no-op (true),
 * with another value an error. Compared in constant time.
 */
export async function sameAsExisting(ctx: RequestContext, r: SecretRecord, versionId: string, value: SecretValue): Promise<boolean> {
  const existing = await openVersion(ctx, r, versionId);
  if (!existing) return false;
  const a = bytes(existing);
  const b = bytes(value);
  const equal =
    (existing.SecretBinary !== undefined) === (value.SecretBinary !== undefined) && a.length === b.length && timingSafeEqual(a, b);
  a.fill(0);
  if (!equal) throw tokenReusedWithOtherValue();
  return true;
}

function bytes(v: SecretValue): Buffer {
  return v.SecretBinary !== undefined ? Buffer.from(v.SecretBinary) : Buffer.from(v.SecretString ?? '', 'utf8');
}
