import type { SecureWriter } from '../../crypto/secure-store.js';
import type { AppServices } from '../../server/app-services.js';
import { secretPath, secretPrefix } from './paths.js';
import { nameInArn, type SecretRecord } from './secret.js';

export const BUS_TOPIC = 'secretsmanager';

/** Records opened per step while a catalog is built. */
const BUILD_PAGE = 500;

/**
 * The strings most records repeat (account, region, key ARNs, staging labels), one copy each:
 * parsed records would otherwise hold a copy apiece. Bounded: labels are the caller's to choose.
 */
const shared = new Map<string, string>();
const SHARED_MAX = 10_000;

function share(s: string): string {
  const known = shared.get(s);
  if (known !== undefined) return known;
  if (shared.size < SHARED_MAX) shared.set(s, s);
  return s;
}

function shareStrings(r: SecretRecord): void {
  r.account = share(r.account);
  r.region = share(r.region);
  for (const id in r.versions) {
    const v = r.versions[id]!;
    v.keyArn = share(v.keyArn);
    for (let i = 0; i < v.stages.length; i++) v.stages[i] = share(v.stages[i]!);
  }
}

/** ListSecrets' default order: creation time, then ARN (unique, so the order is total). */
const byCreation = (a: SecretRecord, b: SecretRecord): number => a.created - b.created || (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0);
const byName = (a: SecretRecord, b: SecretRecord): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Index of the first element not before `r` in a list sorted by `cmp`. */
function lowerBound(list: readonly SecretRecord[], r: SecretRecord, cmp: (a: SecretRecord, b: SecretRecord) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cmp(list[mid]!, r) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * All secrets of one account and region, decrypted once and kept current through the
 * invalidation bus, so reads and ListSecrets never open 100k sealed records per call.
 * Records are replaced, never edited in place: a caller may hold one safely.
 * Plaintext values are never held here, only metadata.
 */
export class RegionCatalog {
  private readonly bySid = new Map<string, SecretRecord>();
  private readonly names = new Map<string, SecretRecord>();
  private ordered: SecretRecord[] | undefined;
  /** Sorted by name, built on the first name-filtered listing, then kept up to date. */
  private nameOrder: SecretRecord[] | undefined;

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  /**
   * Names are unique within an account and region, so the name index answers for a full ARN
   * too (a third map would cost a lookup per change and a few MB at 100k secrets).
   */
  byArn(arn: string): SecretRecord | undefined {
    const name = nameInArn(arn);
    const r = name === undefined ? undefined : this.names.get(name);
    return r !== undefined && r.arn === arn ? r : undefined;
  }

  byName(name: string): SecretRecord | undefined {
    return this.names.get(name);
  }

  bySidGet(sid: string): SecretRecord | undefined {
    return this.bySid.get(sid);
  }

  get size(): number {
    return this.bySid.size;
  }

  /** Every secret, oldest first (ListSecrets' default order). */
  all(): SecretRecord[] {
    this.ordered ??= [...this.bySid.values()].sort(byCreation);
    return this.ordered;
  }

  /**
   * The secrets whose name starts with one of `prefixes`, in the order of all(): what a
   * scan of all() keeping those names would give, found by binary search in a name index.
   */
  withNamePrefix(prefixes: readonly string[]): SecretRecord[] {
    this.nameOrder ??= [...this.bySid.values()].sort(byName);
    const index = this.nameOrder;
    const found = new Set<SecretRecord>();
    for (const prefix of prefixes) {
      let lo = 0;
      let hi = index.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (index[mid]!.name < prefix) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < index.length && index[i]!.name.startsWith(prefix); i++) found.add(index[i]!);
    }
    return [...found].sort(byCreation);
  }

  put(r: SecretRecord): void {
    const old = this.bySid.get(r.sid);
    if (old && old.rev > r.rev) return;
    shareStrings(r);
    if (old) this.unlink(old);
    this.bySid.set(r.sid, r);
    this.names.set(r.name, r);
    if (this.ordered) this.place(this.ordered, old, r, byCreation);
    if (this.nameOrder) this.place(this.nameOrder, old, r, byName);
  }

  remove(sid: string): void {
    const old = this.bySid.get(sid);
    if (!old) return;
    this.unlink(old);
    this.bySid.delete(sid);
    if (this.ordered) this.drop(this.ordered, old, byCreation);
    if (this.nameOrder) this.drop(this.nameOrder, old, byName);
  }

  /** Puts `r` where `old` was (or inserts it), keeping `list` sorted by `cmp`. */
  private place(list: SecretRecord[], old: SecretRecord | undefined, r: SecretRecord, cmp: (a: SecretRecord, b: SecretRecord) => number): void {
    if (old) {
      if (cmp(old, r) === 0) {
        let at = lowerBound(list, old, cmp);
        if (list[at] !== old) at = list.indexOf(old);
        if (at !== -1) {
          list[at] = r;
          return;
        }
      } else {
        this.drop(list, old, cmp);
      }
    }
    const n = list.length;
    if (n === 0 || cmp(list[n - 1]!, r) < 0) list.push(r);
    else list.splice(lowerBound(list, r, cmp), 0, r);
  }

  private drop(list: SecretRecord[], old: SecretRecord, cmp: (a: SecretRecord, b: SecretRecord) => number): void {
    let at = lowerBound(list, old, cmp);
    if (list[at] !== old) at = list.indexOf(old);
    if (at !== -1) list.splice(at, 1);
  }

  private unlink(r: SecretRecord): void {
    if (this.names.get(r.name) === r) this.names.delete(r.name);
  }
}

interface AppCatalogs {
  regions: Map<string, Promise<RegionCatalog>>;
  /** The catalogs whose build has finished. */
  ready: Map<string, RegionCatalog>;
}

const perApp = new WeakMap<AppServices, AppCatalogs>();

function catalogsOf(app: AppServices): AppCatalogs {
  let c = perApp.get(app);
  if (c) return c;
  const created: AppCatalogs = { regions: new Map(), ready: new Map() };
  c = created;
  perApp.set(app, created);
  app.bus.subscribe((topic, key) => {
    if (topic === 'reset') {
      created.regions.clear();
      created.ready.clear();
      return;
    }
    if (topic !== BUS_TOPIC) return;
    const [account, region, sid] = key.split('/') as [string, string, string];
    const loaded = created.regions.get(`${account}/${region}`);
    if (!loaded || sid === undefined) return;
    void loaded.then(async (cat) => {
      const fresh = await app.store.getJson<SecretRecord>(secretPath(account, region, sid));
      if (fresh) cat.put(fresh);
      else cat.remove(sid);
    }).catch(() => {
      created.regions.delete(`${account}/${region}`);
      created.ready.delete(`${account}/${region}`);
    });
  });
  return c;
}

export function catalog(app: AppServices, account: string, region: string): Promise<RegionCatalog> {
  const cats = catalogsOf(app);
  const key = `${account}/${region}`;
  let p = cats.regions.get(key);
  if (!p) {
    p = (async () => {
      const cat = new RegionCatalog(account, region);
      const prefix = secretPrefix(account, region);
      // Page by page, so only one page of opened records is held at a time (100k secrets would
      // otherwise peak at several times the catalog's own size), letting requests in between pages.
      let after: string | undefined;
      do {
        const page = await app.store.list(prefix, { after, limit: BUILD_PAGE });
        for (const e of page.entries) cat.put(JSON.parse(e.value.toString('utf8')) as SecretRecord);
        after = page.next;
        if (after !== undefined) await new Promise((resolve) => setImmediate(resolve));
      } while (after !== undefined);
      return cat;
    })();
    cats.regions.set(key, p);
    const building = p;
    building.then(
      (cat) => {
        if (cats.regions.get(key) === building) cats.ready.set(key, cat);
      },
      () => {
        if (cats.regions.get(key) === building) cats.regions.delete(key);
      },
    );
  }
  return p;
}

/**
 * The catalog if it is built; otherwise undefined, and its build is started in the
 * background. A single-secret request does not wait for a build (1-3 s at 100k secrets
 * after a restart): it reads its one record from storage instead.
 */
export function builtCatalog(app: AppServices, account: string, region: string): RegionCatalog | undefined {
  const ready = catalogsOf(app).ready.get(`${account}/${region}`);
  if (ready) return ready;
  catalog(app, account, region).catch(() => undefined);
  return undefined;
}

/**
 * Inside the transaction that changes a secret: the other nodes' catalogs re-read it when,
 * and only if, the transaction commits.
 */
export function announceWithin(tx: SecureWriter, account: string, region: string, sid: string): Promise<void> {
  return tx.announce(BUS_TOPIC, `${account}/${region}/${sid}`);
}

/**
 * Applies a committed change to this node's catalog (the transaction told the other nodes).
 * A catalog still being built gets it as soon as it is built, before any request that began
 * after this commit can read it; with no catalog there is nothing to do: a later build reads
 * storage, which has the change.
 */
export function noteCommitted(app: AppServices, account: string, region: string, sid: string, record: SecretRecord | undefined): void {
  const apply = (cat: RegionCatalog): void => {
    if (record) cat.put(record);
    else cat.remove(sid);
  };
  const cats = catalogsOf(app);
  const key = `${account}/${region}`;
  const ready = cats.ready.get(key);
  if (ready) apply(ready);
  else cats.regions.get(key)?.then(apply, () => undefined);
}
