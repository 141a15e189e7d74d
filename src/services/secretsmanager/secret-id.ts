import { invalidName } from './errors.js';
import { isValidName } from './secret.js';

/** Where a SecretId points: the account and region it names, and how to match it. */
export interface SecretRef {
  account: string;
  region: string;
  /** Full ARN as sent (only when the caller sent an ARN). */
  arn?: string;
  /** The name, or for an ARN the part after "secret:" (a partial ARN is a name). */
  name: string;
}

/**
 * SecretId accepts a name, a full ARN or a partial ARN (no -XXXXXX suffix). A name
 * outside AWS's alphabet fails validation before any lookup, as AWS does.
 * Returns undefined for an ARN that cannot name a secret (wrong service or shape):
 * callers answer ResourceNotFound for it.
 */
export function parseSecretId(secretId: string, callerAccount: string, callerRegion: string): SecretRef | undefined {
  if (!secretId.startsWith('arn:')) {
    if (!isValidName(secretId)) throw invalidName();
    return { account: callerAccount, region: callerRegion, name: secretId };
  }
  const parts = secretId.split(':');
  if (parts.length < 7 || parts[2] !== 'secretsmanager' || parts[5] !== 'secret') return undefined;
  const region = parts[3]!;
  const account = parts[4]!;
  const name = parts.slice(6).join(':');
  if (!/^\d{12}$/.test(account) || name === '') return undefined;
  return { account, region, arn: secretId, name };
}

/** The shape the index answers: ARN first, then name (a partial ARN is a name). */
export interface SecretLookup<T> {
  byArn(arn: string): T | undefined;
  byName(name: string): T | undefined;
}

export function findSecret<T>(index: SecretLookup<T>, ref: SecretRef): T | undefined {
  if (ref.arn !== undefined) {
    const exact = index.byArn(ref.arn);
    if (exact !== undefined) return exact;
  }
  return index.byName(ref.name);
}
