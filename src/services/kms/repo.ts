import type { SecureStore, SecureWriter } from '../../crypto/secure-store.js';
import type { InvalidationBus } from '../../server/invalidation.js';
import type { GrantRecord } from './grant.js';
import { keyArn, type KeyRecord } from './key.js';
import type { PendingUsage } from './usage.js';

export interface AliasRecord {
  aliasName: string;
  targetKeyId: string;
  createdAt: number;
  updatedAt: number;
}

export interface ImportRecord {
  keyId: string;
  wrappingAlgorithm: string;
  wrappingKeySpec: string;
  /** base64 PKCS#8 of the wrapping private key. */
  privateKey: string;
  validTo: number;
}

export interface UsageRecord {
  operation: string;
  timestamp: number;
  requestId: string;
}

/** Topics this service publishes; every node drops its cached copy on them. */
export const KEY_TOPIC = 'kms-key';
export const ALIAS_TOPIC = 'kms-alias';

const root = (account: string, region: string): string => `kms/${account}/${region}/`;

export const paths = {
  keys: (a: string, r: string): string => `${root(a, r)}keys/`,
  key: (a: string, r: string, id: string): string => `${root(a, r)}keys/${id}`,
  aliases: (a: string, r: string): string => `${root(a, r)}aliases/`,
  alias: (a: string, r: string, name: string): string => `${root(a, r)}aliases/${name}`,
  grants: (a: string, r: string): string => `${root(a, r)}grants/`,
  keyGrants: (a: string, r: string, keyId: string): string => `${root(a, r)}grants/${keyId}/`,
  grant: (a: string, r: string, keyId: string, grantId: string): string => `${root(a, r)}grants/${keyId}/${grantId}`,
  imports: (a: string, r: string, keyId: string): string => `${root(a, r)}imports/${keyId}/`,
  importToken: (a: string, r: string, keyId: string, tokenHash: string): string => `${root(a, r)}imports/${keyId}/${tokenHash}`,
  usage: (a: string, r: string, keyId: string): string => `${root(a, r)}usage/${keyId}`,
  /** Index of account/region pairs that hold keys, so the sweeper need not read everything. */
  regions: 'kms-regions/',
  region: (a: string, r: string): string => `kms-regions/${a}/${r}`,
};

/** Reads and writes inside one transaction; records what changed so caches can be told. */
export class KmsWriter {
  constructor(
    readonly tx: SecureWriter,
    private readonly touchedKeys: Set<string>,
    private readonly touchedAliases: Set<string>,
  ) {}

  getKey(account: string, region: string, keyId: string): Promise<KeyRecord | undefined> {
    return this.tx.getJson<KeyRecord>(paths.key(account, region, keyId));
  }

  async putKey(k: KeyRecord): Promise<void> {
    await this.tx.putJson(paths.key(k.account, k.region, k.keyId), k);
    // Written with every key so the index can never miss a region; a one-byte record.
    await this.tx.put(paths.region(k.account, k.region), Buffer.from('1'));
    this.touchedKeys.add(keyArn(k.region, k.account, k.keyId));
  }

  async deleteKey(k: Pick<KeyRecord, 'account' | 'region' | 'keyId'>): Promise<void> {
    await this.tx.delete(paths.key(k.account, k.region, k.keyId));
    this.touchedKeys.add(keyArn(k.region, k.account, k.keyId));
  }

  getAlias(account: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    return this.tx.getJson<AliasRecord>(paths.alias(account, region, aliasName));
  }

  async putAlias(account: string, region: string, a: AliasRecord): Promise<void> {
    await this.tx.putJson(paths.alias(account, region, a.aliasName), a);
    this.touchedAliases.add(paths.alias(account, region, a.aliasName));
  }

  async deleteAlias(account: string, region: string, aliasName: string): Promise<void> {
    await this.tx.delete(paths.alias(account, region, aliasName));
    this.touchedAliases.add(paths.alias(account, region, aliasName));
  }

  async listAliases(account: string, region: string): Promise<AliasRecord[]> {
    return (await this.tx.listAll(paths.aliases(account, region))).map((e) => JSON.parse(e.value.toString('utf8')) as AliasRecord);
  }

  getGrant(account: string, region: string, keyId: string, grantId: string): Promise<GrantRecord | undefined> {
    return this.tx.getJson<GrantRecord>(paths.grant(account, region, keyId, grantId));
  }

  async listKeyGrants(account: string, region: string, keyId: string): Promise<GrantRecord[]> {
    return (await this.tx.listAll(paths.keyGrants(account, region, keyId))).map((e) => JSON.parse(e.value.toString('utf8')) as GrantRecord);
  }

  putGrant(account: string, region: string, g: GrantRecord): Promise<void> {
    return this.tx.putJson(paths.grant(account, region, g.keyId, g.grantId), g);
  }

  deleteGrant(account: string, region: string, keyId: string, grantId: string): Promise<void> {
    return this.tx.delete(paths.grant(account, region, keyId, grantId));
  }

  /** Everything a deleted key leaves behind: its aliases, grants, import parameters and usage. */
  async purgeKey(k: KeyRecord): Promise<void> {
    const { account, region, keyId } = k;
    for (const a of await this.listAliases(account, region)) if (a.targetKeyId === keyId) await this.deleteAlias(account, region, a.aliasName);
    for (const prefix of [paths.keyGrants(account, region, keyId), paths.imports(account, region, keyId)]) {
      for (const e of await this.tx.listAll(prefix)) await this.tx.delete(e.key);
    }
    await this.tx.delete(paths.usage(account, region, keyId));
    await this.deleteKey(k);
  }
}

/**
 * Key and alias records, sealed by the barrier through the SecureStore. Hot records are cached
 * in memory and dropped when any node publishes a change to them.
 */
export class KmsRepo {
  private readonly keys = new Map<string, KeyRecord | null>();
  private readonly aliases = new Map<string, AliasRecord | null>();
  /** Last cryptographic use per key ARN, written by the sweeper (usage.ts). */
  readonly pendingUsage = new Map<string, PendingUsage>();
  /** Bumped on every invalidation: a read that overlapped one must not be cached. */
  private generation = 0;

  constructor(
    readonly store: SecureStore,
    private readonly bus: InvalidationBus,
  ) {
    bus.subscribe((topic, key) => {
      // Only KMS changes can make a read in flight stale; other services' news (a CreateSecret
      // per request, say) must not keep key records from being cached.
      if (topic === KEY_TOPIC) this.keys.delete(key);
      else if (topic === ALIAS_TOPIC) this.aliases.delete(key);
      else if (topic === 'reset') {
        this.keys.clear();
        this.aliases.clear();
      } else return;
      this.generation++;
    });
  }

  async getKey(account: string, region: string, keyId: string): Promise<KeyRecord | undefined> {
    const arn = keyArn(region, account, keyId);
    const hit = this.keys.get(arn);
    if (hit !== undefined) return hit ?? undefined;
    const gen = this.generation;
    const rec = await this.store.getJson<KeyRecord>(paths.key(account, region, keyId));
    if (gen === this.generation) this.remember(this.keys, arn, rec ?? null);
    return rec;
  }

  async getAlias(account: string, region: string, aliasName: string): Promise<AliasRecord | undefined> {
    const path = paths.alias(account, region, aliasName);
    const hit = this.aliases.get(path);
    if (hit !== undefined) return hit ?? undefined;
    const gen = this.generation;
    const rec = await this.store.getJson<AliasRecord>(path);
    if (gen === this.generation) this.remember(this.aliases, path, rec ?? null);
    return rec;
  }

  async listAliases(account: string, region: string): Promise<AliasRecord[]> {
    return (await this.store.listAll(paths.aliases(account, region))).map((e) => JSON.parse(e.value.toString('utf8')) as AliasRecord);
  }

  async listKeyPage(account: string, region: string, after: string | undefined, limit: number): Promise<{ keys: KeyRecord[]; next?: string }> {
    const prefix = paths.keys(account, region);
    const page = await this.store.list(prefix, { after: after === undefined ? undefined : prefix + after, limit });
    const keys = page.entries.map((e) => JSON.parse(e.value.toString('utf8')) as KeyRecord);
    return page.next === undefined ? { keys } : { keys, next: page.next.slice(prefix.length) };
  }

  /** Every key record, region by region, for the sweeper. */
  async allKeys(): Promise<KeyRecord[]> {
    const out: KeyRecord[] = [];
    for (const r of await this.store.listAll(paths.regions)) {
      const [account, region] = r.key.slice(paths.regions.length).split('/') as [string, string];
      for (const e of await this.store.listAll(paths.keys(account, region))) out.push(JSON.parse(e.value.toString('utf8')) as KeyRecord);
    }
    return out;
  }

  async transact<T>(fn: (w: KmsWriter) => Promise<T>): Promise<T> {
    const touchedKeys = new Set<string>();
    const touchedAliases = new Set<string>();
    const result = await this.store.transaction(async (tx) => {
      // A retried transaction starts over.
      touchedKeys.clear();
      touchedAliases.clear();
      const out = await fn(new KmsWriter(tx, touchedKeys, touchedAliases));
      // The other nodes hear of it as part of the commit; this one right after it.
      for (const arn of touchedKeys) await tx.announce(KEY_TOPIC, arn);
      for (const path of touchedAliases) await tx.announce(ALIAS_TOPIC, path);
      return out;
    });
    for (const arn of touchedKeys) this.bus.deliver(KEY_TOPIC, arn);
    for (const path of touchedAliases) this.bus.deliver(ALIAS_TOPIC, path);
    return result;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    if (map.size >= 5000) map.delete(map.keys().next().value as string);
    map.set(key, value);
  }
}

const repos = new WeakMap<SecureStore, KmsRepo>();

/** One repository (and cache) per store, shared by the operations and the in-process API. */
export function kmsRepo(store: SecureStore, bus: InvalidationBus): KmsRepo {
  let repo = repos.get(store);
  if (!repo) {
    repo = new KmsRepo(store, bus);
    repos.set(store, repo);
  }
  return repo;
}
