import type { AppServices } from '../../server/app-services.js';
import { secretPath, secretPrefix } from './paths.js';
import type { SecretRecord } from './secret.js';

export const BUS_TOPIC = 'secretsmanager';

/**
 * All secrets of one account and region, decrypted once and kept current through the
 * invalidation bus, so reads and ListSecrets never open 100k sealed records per call.
 * Records are replaced, never edited in place: a caller may hold one safely.
 * Plaintext values are never held here, only metadata.
 */
export class RegionCatalog {
  private readonly bySid = new Map<string, SecretRecord>();
  private readonly names = new Map<string, SecretRecord>();
  private readonly arns = new Map<string, SecretRecord>();
  private ordered: SecretRecord[] | undefined;

  constructor(
    readonly account: string,
    readonly region: string,
  ) {}

  byArn(arn: string): SecretRecord | undefined {
    return this.arns.get(arn);
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
    this.ordered ??= [...this.bySid.values()].sort((a, b) => a.created - b.created || (a.arn < b.arn ? -1 : 1));
    return this.ordered;
  }

  put(r: SecretRecord): void {
    const old = this.bySid.get(r.sid);
    if (old && old.rev > r.rev) return;
    if (old) this.unlink(old);
    this.bySid.set(r.sid, r);
    this.names.set(r.name, r);
    this.arns.set(r.arn, r);
    if (this.ordered && old) this.ordered[this.ordered.indexOf(old)] = r;
    else if (this.ordered && (this.ordered.length === 0 || this.ordered[this.ordered.length - 1]!.created <= r.created)) this.ordered.push(r);
    else this.ordered = undefined;
  }

  remove(sid: string): void {
    const old = this.bySid.get(sid);
    if (!old) return;
    this.unlink(old);
    this.bySid.delete(sid);
    this.ordered = undefined;
  }

  private unlink(r: SecretRecord): void {
    if (this.names.get(r.name) === r) this.names.delete(r.name);
    if (this.arns.get(r.arn) === r) this.arns.delete(r.arn);
  }
}

interface AppCatalogs {
  regions: Map<string, Promise<RegionCatalog>>;
  /** Set while this node publishes its own change: its catalog is already current. */
  publishing: boolean;
}

const perApp = new WeakMap<AppServices, AppCatalogs>();

function catalogsOf(app: AppServices): AppCatalogs {
  let c = perApp.get(app);
  if (c) return c;
  const created: AppCatalogs = { regions: new Map(), publishing: false };
  c = created;
  perApp.set(app, created);
  app.bus.subscribe((topic, key) => {
    if (topic === 'reset') {
      created.regions.clear();
      return;
    }
    if (topic !== BUS_TOPIC || created.publishing) return;
    const [account, region, sid] = key.split('/') as [string, string, string];
    const loaded = created.regions.get(`${account}/${region}`);
    if (!loaded || sid === undefined) return;
    void loaded.then(async (cat) => {
      const fresh = await app.store.getJson<SecretRecord>(secretPath(account, region, sid));
      if (fresh) cat.put(fresh);
      else cat.remove(sid);
    }).catch(() => created.regions.delete(`${account}/${region}`));
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
      for (const e of await app.store.listAll(secretPrefix(account, region))) {
        cat.put(JSON.parse(e.value.toString('utf8')) as SecretRecord);
      }
      return cat;
    })();
    cats.regions.set(key, p);
    p.catch(() => cats.regions.delete(key));
  }
  return p;
}

/** Apply a committed change to this node's catalog and tell the other nodes. */
export async function announce(app: AppServices, account: string, region: string, sid: string, record: SecretRecord | undefined): Promise<void> {
  const cat = await catalog(app, account, region);
  if (record) cat.put(record);
  else cat.remove(sid);
  const cats = catalogsOf(app);
  cats.publishing = true;
  try {
    app.bus.publish(BUS_TOPIC, `${account}/${region}/${sid}`);
  } finally {
    cats.publishing = false;
  }
}
