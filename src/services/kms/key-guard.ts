import type { KeyState, KeyUsageType } from '../../generated/kms-types.js';
import { awsManagedService } from './alias.js';
import { ensureAwsManagedKey } from './aws-managed.js';
import { aliasNotFound, invalidArnRegion, invalidKeyId, keyNotFound, wrongUsage } from './errors.js';
import { aliasArn, isKeyId, keyArn, parseKeyReference, type KeyRecord } from './key.js';
import { assertState, isDeleted, keyState, type KeyOperation } from './key-state.js';
import type { KmsRepo } from './repo.js';

export interface Caller {
  account: string;
  region: string;
  now: number;
}

export interface FoundKey {
  key: KeyRecord;
  arn: string;
  state: KeyState;
}

export interface FindOptions {
  /** Operations that take "key ID or key ARN" only refuse alias names and alias ARNs. */
  aliases?: boolean;
  /** DescribeKey (and services asking in-process) create alias/aws/<service> keys on first use. */
  createAwsManaged?: boolean;
}

/**
 * KeyId (key id, key ARN, alias name, alias ARN) -> key record, with AWS's not-found texts.
 * Every operation goes through here (or through guardKey) before it touches material.
 */
export async function findKey(repo: KmsRepo, caller: Caller, input: string, opts: FindOptions = {}): Promise<FoundKey> {
  const ref = parseKeyReference(input);
  if (!ref) throw invalidKeyId(input);
  const account = ref.account || caller.account;
  const region = ref.region ?? caller.region;
  if (region !== caller.region) throw invalidArnRegion(region);
  let keyId: string;
  if (ref.kind === 'alias') {
    if (opts.aliases === false) throw invalidKeyId(input);
    let alias = await repo.getAlias(account, region, ref.aliasName);
    const service = awsManagedService(ref.aliasName);
    if (!alias && service && opts.createAwsManaged && account === caller.account) {
      await ensureAwsManagedKey(repo, account, region, service, caller.now);
      alias = await repo.getAlias(account, region, ref.aliasName);
    }
    if (!alias) throw aliasNotFound(aliasArn(region, account, ref.aliasName));
    keyId = alias.targetKeyId;
  } else {
    keyId = ref.keyId;
    if (!isKeyId(keyId)) throw invalidKeyId(keyId);
  }
  const key = await repo.getKey(account, region, keyId);
  const arn = keyArn(region, account, keyId);
  if (!key || isDeleted(key, caller.now)) throw keyNotFound(arn);
  return { key, arn, state: keyState(key, caller.now) };
}

/** findKey, then the key-state table for the operation. */
export async function guardKey(repo: KmsRepo, caller: Caller, input: string, op: KeyOperation, opts: FindOptions = {}): Promise<FoundKey> {
  const found = await findKey(repo, caller, input, opts);
  assertState(op, found.key, found.arn, caller.now);
  return found;
}

export function requireUsage(found: FoundKey, usage: KeyUsageType, operation: string): void {
  if (found.key.keyUsage !== usage) throw wrongUsage(found.arn, found.key.keyUsage, operation);
}

/** Reads inside a transaction: the same rules against the transaction's view. */
export async function reloadInTx(
  tx: { getKey(a: string, r: string, id: string): Promise<KeyRecord | undefined> },
  found: FoundKey,
  op: KeyOperation,
  now: number,
): Promise<KeyRecord> {
  const key = await tx.getKey(found.key.account, found.key.region, found.key.keyId);
  if (!key || isDeleted(key, now)) throw keyNotFound(found.arn);
  assertState(op, key, found.arn, now);
  return key;
}
