import type { AuthzGrant } from '../../iam/index.js';
import { AwsError } from '../../protocol/errors.js';
import type { AuthzTarget, RequestContext } from '../../protocol/operation.js';
import { readToken, type GrantRecord } from './grant.js';
import { findKey, reloadInTx, type Caller, type FindOptions, type FoundKey } from './key-guard.js';
import { assertState, type KeyOperation } from './key-state.js';
import type { KeyRecord, Tag } from './key.js';
import { kmsRepo, paths, type KmsRepo, type KmsWriter } from './repo.js';

export const repoOf = (ctx: RequestContext): KmsRepo => kmsRepo(ctx.app.store, ctx.app.bus);
export const callerOf = (ctx: RequestContext): Caller => ({ account: ctx.account, region: ctx.region, now: ctx.now });

// The dispatcher hands the same input object to target() and handler(): resolve the key once.
const resolved = new WeakMap<object, Map<string, Promise<FoundKey>>>();

/** findKey, memoised per request input so target and handler agree and read once. */
export function keyFor(input: object, ctx: RequestContext, keyId: string, opts: FindOptions = {}): Promise<FoundKey> {
  let byId = resolved.get(input);
  if (!byId) {
    byId = new Map();
    resolved.set(input, byId);
  }
  let p = byId.get(keyId);
  if (!p) {
    p = findKey(repoOf(ctx), callerOf(ctx), keyId, opts);
    byId.set(keyId, p);
  }
  return p;
}

/** keyFor plus the key-state table for the operation. */
export async function usableKey(input: object, ctx: RequestContext, keyId: string, op: KeyOperation, opts: FindOptions = {}): Promise<FoundKey> {
  const found = await keyFor(input, ctx, keyId, opts);
  assertState(op, found.key, found.arn, ctx.now);
  return found;
}

export const tagMap = (tags: Tag[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.TagKey, t.TagValue]));

/** A grant as the authorizer weighs it. */
export function authzGrant(g: GrantRecord): AuthzGrant {
  const out: AuthzGrant = { grantId: g.grantId, granteePrincipal: g.granteePrincipal, operations: g.operations };
  if (g.retiringPrincipal !== undefined) out.retiringPrincipal = g.retiringPrincipal;
  if (g.constraints !== undefined) out.constraints = g.constraints;
  return out;
}

/**
 * The key's grants, for the authorizer. Read from storage only when the policies alone refuse
 * a call, and never cached: a grant is usable the moment CreateGrant returns and gone the moment
 * it is retired or revoked, so a grant token adds nothing to what is read here.
 */
export function keyGrants(store: KmsRepo['store'], found: FoundKey): () => Promise<AuthzGrant[]> {
  return async () => {
    const { account, region, keyId } = found.key;
    const entries = await store.listAll(paths.keyGrants(account, region, keyId));
    return entries.map((e) => authzGrant(JSON.parse(e.value.toString('utf8')) as GrantRecord));
  };
}

/** GrantTokens must be tokens KMS issued (InvalidGrantTokenException otherwise). */
export function checkGrantTokens(tokens: readonly string[] | undefined): void {
  for (const t of tokens ?? []) readToken(t);
}

// Records are replaced, never edited, in the repository's cache: one tag map per record.
const tagMaps = new WeakMap<KeyRecord, Record<string, string>>();

function resourceTagsOf(k: KeyRecord): Record<string, string> {
  let tags = tagMaps.get(k);
  if (!tags) {
    tags = Object.freeze(tagMap(k.tags)) as Record<string, string>;
    tagMaps.set(k, tags);
  }
  return tags;
}

/** Condition keys every operation on a key carries, plus the request's own; and the key's grants. */
export function keyAuthz(found: FoundKey, ctx: RequestContext, extra: Record<string, string | string[]> = {}): AuthzTarget {
  const k = found.key;
  const conditionKeys: Record<string, string | string[]> = {
    'kms:CallerAccount': ctx.principal.account,
    'kms:KeySpec': k.keySpec,
    'kms:KeyUsage': k.keyUsage,
    'kms:KeyOrigin': k.origin,
    'kms:KeyManager': k.keyManager,
    'kms:MultiRegion': k.multiRegion !== undefined ? 'true' : 'false',
  };
  for (const name in extra) conditionKeys[name] = extra[name]!;
  if (k.multiRegion) conditionKeys['kms:MultiRegionKeyType'] = k.multiRegion.primaryRegion === k.region ? 'PRIMARY' : 'REPLICA';
  return {
    resource: found.arn,
    resourceAccount: k.account,
    resourcePolicy: k.policy,
    resourcePolicyKind: 'kms-key',
    resourceTags: resourceTagsOf(k),
    conditionKeys,
    grants: keyGrants(ctx.app.store, found),
  };
}

/** kms:EncryptionContext:<k> for each pair and kms:EncryptionContextKeys. */
export function contextKeys(context: Record<string, string> | undefined, into: Record<string, string | string[]> = {}): Record<string, string | string[]> {
  if (!context) return into;
  const keys = Object.keys(context);
  for (const k of keys) into['kms:EncryptionContext:' + k] = context[k]!;
  into['kms:EncryptionContextKeys'] = keys;
  return into;
}

/** kms:RequestAlias when the caller named the key by alias. */
export function aliasKeys(keyId: string | undefined): Record<string, string> {
  if (keyId === undefined) return {};
  if (keyId.startsWith('alias/')) return { 'kms:RequestAlias': keyId };
  const m = /^arn:[^:]+:kms:[^:]*:[^:]*:(alias\/.+)$/.exec(keyId);
  return m ? { 'kms:RequestAlias': m[1]! } : {};
}

/** A target for an operation whose only input naming a key is `field`. */
export function targetByKeyId<I extends object>(
  keyIdOf: (input: I) => string,
  opts: FindOptions = {},
  extra: (input: I) => Record<string, string | string[]> = () => ({}),
): (input: I, ctx: RequestContext) => Promise<AuthzTarget> {
  return async (input, ctx) => {
    checkGrantTokens((input as { GrantTokens?: string[] }).GrantTokens);
    const keyId = keyIdOf(input);
    const found = await keyFor(input, ctx, keyId, opts);
    return keyAuthz(found, ctx, { ...aliasKeys(keyId), ...extra(input) });
  };
}

/** Read-modify-write of one key under the state table, published to every node's cache. */
export async function updateKey(
  ctx: RequestContext,
  found: FoundKey,
  op: KeyOperation,
  change: (k: KeyRecord, w: KmsWriter) => void | Promise<void>,
): Promise<KeyRecord> {
  return repoOf(ctx).transact(async (w) => {
    const k = await reloadInTx(w, found, op, ctx.now);
    await change(k, w);
    await w.putKey(k);
    return k;
  });
}

/**
 * AWS managed keys belong to AWS: their key policy gives the account only Describe*, Get*,
 * List* and RevokeGrant, so every other management call is refused by that policy.
 */
export function refuseAwsManaged(found: FoundKey, ctx: RequestContext, action: string): void {
  if (found.key.keyManager !== 'AWS') return;
  throw new AwsError(
    'AccessDeniedException',
    `User: ${ctx.principal.arn} is not authorized to perform: ${action} on resource: ${found.arn} because no resource-based policy allows the ${action} action`,
  );
}
