import type { SecureReader, SecureWriter } from '../../crypto/secure-store.js';
import type { AccessKeyRecord } from '../../identity/identity-store.js';
import { ACCESS_KEY_TOPIC, accessKeyPath } from '../../identity/identity-store-impl.js';
import { IAM_TOPIC } from '../../identity/topics.js';
import type { RequestContext } from '../../protocol/operation.js';
import { parsePolicyArn } from './arns.js';
import { noSuchEntity } from './errors.js';
import { entityPath, entityPrefix, policyPath, policyPrefix } from './paths.js';
import type { EntityByKind, EntityKind, EntityRecord, ManagedPolicyRecord } from './records.js';

/** Reads of one account's IAM records, inside or outside a transaction. */
export class IamReader {
  constructor(
    protected readonly store: SecureReader,
    readonly account: string,
  ) {}

  entity<K extends EntityKind>(kind: K, name: string): Promise<EntityByKind[K] | undefined> {
    return this.store.getJson<EntityByKind[K]>(entityPath(this.account, kind, name));
  }

  async requireEntity<K extends EntityKind>(kind: K, name: string): Promise<EntityByKind[K]> {
    const e = await this.entity(kind, name);
    if (!e) throw noSuchEntity(kind, name);
    return e;
  }

  /** Every entity of a kind, ordered by lower-cased name. */
  async entities<K extends EntityKind>(kind: K): Promise<EntityByKind[K][]> {
    const entries = await this.store.listAll(entityPrefix(this.account, kind));
    return entries.map((e) => JSON.parse(e.value.toString('utf8')) as EntityByKind[K]);
  }

  policy(name: string): Promise<ManagedPolicyRecord | undefined> {
    return this.store.getJson<ManagedPolicyRecord>(policyPath(this.account, name));
  }

  /** The customer managed policy an ARN names in this account, if it exists under exactly that ARN. */
  async policyByArn(arn: string): Promise<ManagedPolicyRecord | undefined> {
    const parts = parsePolicyArn(arn);
    if (!parts || parts.account !== this.account) return undefined;
    const p = await this.policy(parts.name);
    return p && p.path === parts.path && p.name.toLowerCase() === parts.name.toLowerCase() ? p : undefined;
  }

  async policies(): Promise<ManagedPolicyRecord[]> {
    const entries = await this.store.listAll(policyPrefix(this.account));
    return entries.map((e) => JSON.parse(e.value.toString('utf8')) as ManagedPolicyRecord);
  }

  accessKey(id: string): Promise<AccessKeyRecord | undefined> {
    return this.store.getJson<AccessKeyRecord>(accessKeyPath(id));
  }
}

/** Writes of one transaction; remembers which access keys changed so other nodes can be told. */
export class IamWriter extends IamReader {
  readonly changedKeys = new Set<string>();

  constructor(
    private readonly tx: SecureWriter,
    account: string,
  ) {
    super(tx, account);
  }

  putEntity(e: EntityRecord): Promise<void> {
    return this.tx.putJson(entityPath(this.account, e.kind, e.name), e);
  }

  deleteEntity(e: EntityRecord): Promise<void> {
    return this.tx.delete(entityPath(this.account, e.kind, e.name));
  }

  putPolicy(p: ManagedPolicyRecord): Promise<void> {
    return this.tx.putJson(policyPath(this.account, p.name), p);
  }

  deletePolicy(p: ManagedPolicyRecord): Promise<void> {
    return this.tx.delete(policyPath(this.account, p.name));
  }

  async putAccessKey(rec: AccessKeyRecord): Promise<void> {
    await this.tx.putJson(accessKeyPath(rec.accessKeyId), rec);
    this.changedKeys.add(rec.accessKeyId);
  }

  async deleteAccessKey(id: string): Promise<void> {
    await this.tx.delete(accessKeyPath(id));
    this.changedKeys.add(id);
  }
}

export const iamReader = (ctx: RequestContext, account = ctx.account): IamReader => new IamReader(ctx.app.store, account);

/**
 * One serializable read-modify-write of the caller's IAM records. Every node is told as part
 * of the commit (this one right after it): the account's policy caches drop it, and changed
 * access keys are dropped from the authenticator's cache (so an inactive key is refused at once
 * everywhere). `fn` may run again on retry, so it keeps its side effects inside the transaction.
 */
export async function iamWrite<T>(ctx: RequestContext, fn: (w: IamWriter) => Promise<T>): Promise<T> {
  const { result, keys } = await ctx.app.store.transaction(async (tx) => {
    const w = new IamWriter(tx, ctx.account);
    const result = await fn(w);
    const keys = [...w.changedKeys];
    await tx.announce(IAM_TOPIC, ctx.account);
    for (const id of keys) await tx.announce(ACCESS_KEY_TOPIC, id);
    return { result, keys };
  });
  ctx.app.bus.deliver(IAM_TOPIC, ctx.account);
  for (const id of keys) ctx.app.bus.deliver(ACCESS_KEY_TOPIC, id);
  return result;
}
