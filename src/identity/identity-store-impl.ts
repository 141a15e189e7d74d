import type { SecureStore } from '../crypto/secure-store.js';
import type { InvalidationBus } from '../server/invalidation.js';
import type { AccessKeyRecord, IdentityStore } from './identity-store.js';
import { awsId, newAccountId, secretAccessKey } from './ids.js';

/** Bus topic of access-key changes; the key is the access key id. */
export const ACCESS_KEY_TOPIC = 'access-key';
export const accessKeyPath = (id: string): string => `iam/access-keys/${id}`;
const DEFAULT_ACCOUNT_PATH = 'core/default-account';

export interface AccountRecord {
  id: string;
  createdAt: number;
}

export const rootArn = (account: string): string => `arn:aws:iam::${account}:root`;

/**
 * Accounts and access keys. Lookups are cached (they run on every request); only
 * positive answers are cached, so a key created by another process is found at once,
 * and every change is announced in its own transaction so other nodes drop their copy
 * exactly when it commits.
 */
export class StoredIdentity implements IdentityStore {
  private readonly cache = new Map<string, AccessKeyRecord>();

  constructor(
    private readonly store: SecureStore,
    private readonly bus: InvalidationBus,
  ) {
    bus.subscribe((topic, key) => {
      if (topic === ACCESS_KEY_TOPIC) this.cache.delete(key);
      if (topic === 'reset') this.cache.clear();
    });
  }

  async lookupAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined> {
    const hit = this.cache.get(accessKeyId);
    if (hit) return hit;
    const found = await this.store.getJson<AccessKeyRecord>(accessKeyPath(accessKeyId));
    if (found) this.cache.set(accessKeyId, found);
    return found;
  }

  async defaultAccount(): Promise<string> {
    const rec = await this.store.getJson<{ account: string }>(DEFAULT_ACCOUNT_PATH);
    if (!rec) throw new Error('no default account: the data directory was not initialised');
    return rec.account;
  }

  async hasDefaultAccount(): Promise<boolean> {
    return (await this.store.getJson(DEFAULT_ACCOUNT_PATH)) !== undefined;
  }

  async createAccount(id = newAccountId()): Promise<AccountRecord> {
    const rec: AccountRecord = { id, createdAt: Date.now() };
    await this.store.putJson(`iam/accounts/${id}`, rec);
    return rec;
  }

  async setDefaultAccount(account: string): Promise<void> {
    await this.store.putJson(DEFAULT_ACCOUNT_PATH, { account });
  }

  /** Root credentials of an account: full access to that account. */
  async createRootAccessKey(account: string): Promise<AccessKeyRecord> {
    const rec: AccessKeyRecord = {
      accessKeyId: awsId('AKIA'),
      secretAccessKey: secretAccessKey(),
      status: 'Active',
      principal: { arn: rootArn(account), account, userId: account, type: 'root', admin: true },
    };
    await this.putAccessKey(rec);
    return rec;
  }

  async putAccessKey(rec: AccessKeyRecord): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.putJson(accessKeyPath(rec.accessKeyId), rec);
      await tx.announce(ACCESS_KEY_TOPIC, rec.accessKeyId);
    });
    this.bus.deliver(ACCESS_KEY_TOPIC, rec.accessKeyId);
  }

  async deleteAccessKey(accessKeyId: string): Promise<void> {
    await this.store.transaction(async (tx) => {
      await tx.delete(accessKeyPath(accessKeyId));
      await tx.announce(ACCESS_KEY_TOPIC, accessKeyId);
    });
    this.bus.deliver(ACCESS_KEY_TOPIC, accessKeyId);
  }
}
