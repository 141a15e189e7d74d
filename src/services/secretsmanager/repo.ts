import type { SecureWriter } from '../../crypto/secure-store.js';
import type { AuthzTarget, RequestContext } from '../../protocol/operation.js';
import { announceWithin, builtCatalog, noteCommitted } from './catalog.js';
import { markedForDeletion, notFound, onReplica } from './errors.js';
import { namePath, purgePath, secretPath, valuePath, valuePrefix } from './paths.js';
import { isDeleted, type SecretRecord } from './secret.js';
import { findSecret, parseSecretId } from './secret-id.js';

const ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;

/** Several nodes share the database: another node's commit may not have reached this node's catalog yet. */
const sharedStorage = (ctx: RequestContext): boolean => /^postgres(ql)?:/.test(ctx.app.config.storage);

/**
 * Find a secret by name, full ARN or partial ARN, in the caller's region. On one node a
 * built catalog is authoritative. Before it is built (after a start), and always on a
 * shared database, the record is read from storage through the name index, so a change
 * committed through any node is seen by the next request on every node.
 */
export async function lookup(ctx: RequestContext, secretId: string): Promise<SecretRecord | undefined> {
  const ref = parseSecretId(secretId, ctx.account, ctx.region);
  if (!ref || ref.region !== ctx.region) return undefined;
  const cat = builtCatalog(ctx.app, ref.account, ctx.region);
  const hit = cat && findSecret(cat, ref);
  if (cat && !sharedStorage(ctx)) return hit;
  const sid = hit?.sid ?? (await sidByName(ctx, ref.account, ref.name));
  if (sid === undefined) return undefined;
  const fresh = await ctx.app.store.getJson<SecretRecord>(secretPath(ref.account, ctx.region, sid));
  if (!fresh) {
    cat?.remove(sid);
    return undefined;
  }
  cat?.put(fresh);
  return findSecret({ byArn: (a) => (a === fresh.arn ? fresh : undefined), byName: (n) => (n === fresh.name ? fresh : undefined) }, ref);
}

async function sidByName(ctx: RequestContext, account: string, name: string): Promise<string | undefined> {
  for (const candidate of ARN_SUFFIX.test(name) ? [name, name.replace(ARN_SUFFIX, '')] : [name]) {
    const sid = await ctx.app.store.get(namePath(account, ctx.region, candidate));
    if (sid) return sid.toString('utf8');
  }
  return undefined;
}

export async function resolve(ctx: RequestContext, secretId: string): Promise<SecretRecord> {
  const r = await lookup(ctx, secretId);
  if (!r) throw notFound();
  return r;
}

export interface ResolveRules {
  /** Refuse on a secret scheduled for deletion. */
  live?: boolean;
  /** Refuse on a replica (writes happen in the primary region). */
  primary?: boolean;
}

export async function resolveFor(ctx: RequestContext, secretId: string, rules: ResolveRules): Promise<SecretRecord> {
  const r = await resolve(ctx, secretId);
  checkRules(r, rules);
  return r;
}

export function checkRules(r: SecretRecord, rules: ResolveRules): void {
  if (rules.primary && r.primaryRegion !== undefined) throw onReplica();
  if (rules.live && isDeleted(r)) throw markedForDeletion();
}

/**
 * The authorization target of a call on one secret, resolved by name, full ARN or partial ARN
 * (another account's secret only by ARN). Policies are matched against the secret's ARN, but a
 * refusal names the secret as the caller did, as AWS does; a secret that does not exist is
 * decided on that identifier alone, so a refusal never tells whether it exists.
 */
export async function secretTarget(
  ctx: RequestContext,
  secretId: string,
  conditionKeys: Record<string, string | string[]> = {},
): Promise<AuthzTarget> {
  const ref = parseSecretId(secretId, ctx.account, ctx.region);
  const r = await lookup(ctx, secretId);
  if (r) {
    const target = recordTarget(r, conditionKeys);
    if (secretId !== r.arn) target.resourceAsSent = secretId;
    return target;
  }
  return {
    resource: secretId,
    resourceAccount: ref?.account ?? ctx.account,
    resourcePolicyKind: 'secret',
    conditionKeys: { 'secretsmanager:SecretId': secretId, ...conditionKeys },
  };
}

/** The authorization target of a call on a secret already in hand. */
export function recordTarget(r: SecretRecord, conditionKeys: Record<string, string | string[]> = {}): AuthzTarget {
  const keys: Record<string, string | string[]> = { 'secretsmanager:SecretId': r.arn, ...conditionKeys };
  for (const t of r.tags) keys[`secretsmanager:ResourceTag/${t.Key}`] = t.Value ?? '';
  if (r.primaryRegion !== undefined) keys['secretsmanager:SecretPrimaryRegion'] = r.primaryRegion;
  if (r.rotation.lambdaArn !== undefined) keys['secretsmanager:resource/AllowRotationLambdaArn'] = r.rotation.lambdaArn;
  const target: AuthzTarget = {
    resource: r.arn,
    resourceAccount: r.account,
    resourcePolicyKind: 'secret',
    resourceTags: Object.fromEntries(r.tags.map((t) => [t.Key ?? '', t.Value ?? ''])),
    conditionKeys: keys,
  };
  if (r.policy !== undefined) target.resourcePolicy = r.policy;
  return target;
}

/**
 * Read-modify-write of one secret in a storage transaction, so concurrent writers
 * never lose an update; the catalog and the other nodes learn of it after commit.
 * `fn` gets a private copy of the freshest record; it may be run again on retry,
 * so it must not have side effects outside the transaction.
 */
export async function mutate<T>(
  ctx: RequestContext,
  r: SecretRecord,
  fn: (fresh: SecretRecord, tx: SecureWriter) => Promise<T> | T,
): Promise<{ record: SecretRecord; result: T }> {
  const path = secretPath(r.account, r.region, r.sid);
  const out = await ctx.app.store.transaction(async (tx) => {
    const stored = await tx.getJson<SecretRecord>(path);
    if (!stored) throw notFound();
    const fresh = structuredClone(stored);
    const result = await fn(fresh, tx);
    fresh.rev = stored.rev + 1;
    await tx.putJson(path, fresh);
    await announceWithin(tx, r.account, r.region, r.sid);
    return { record: fresh, result };
  });
  noteCommitted(ctx.app, r.account, r.region, r.sid, out.record);
  return out;
}

/** Remove a secret and everything stored for it (inside the caller's transaction). */
export async function deleteAll(tx: SecureWriter, r: SecretRecord): Promise<void> {
  for (const e of await tx.listAll(valuePrefix(r.account, r.region, r.sid))) await tx.delete(e.key);
  await tx.delete(secretPath(r.account, r.region, r.sid));
  const owner = await tx.get(namePath(r.account, r.region, r.name));
  if (owner && owner.toString('utf8') === r.sid) await tx.delete(namePath(r.account, r.region, r.name));
  if (r.purgeAt !== undefined) await tx.delete(purgePath(r.purgeAt, r.account, r.region, r.sid));
}

export async function readValue(ctx: RequestContext, r: SecretRecord, versionId: string): Promise<Buffer | undefined> {
  return ctx.app.store.get(valuePath(r.account, r.region, r.sid, versionId));
}
