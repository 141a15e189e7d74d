import fs from 'node:fs/promises';
import path from 'node:path';
import type { StoredIdentity } from '../identity/identity-store-impl.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-credentials';

/**
 * First start of a data directory: a default account and its admin (root) access key,
 * written once to DIR/admin-credentials in the shared-credentials format the AWS CLI
 * and SDKs read, readable by the owner only.
 */
export async function bootstrapAccount(identity: StoredIdentity, dataDir: string, account?: string): Promise<{ created: boolean; account: string }> {
  if (await identity.hasDefaultAccount()) return { created: false, account: await identity.defaultAccount() };
  const acct = await identity.createAccount(account);
  const key = await identity.createRootAccessKey(acct.id);
  await identity.setDefaultAccount(acct.id);
  const file = path.join(dataDir, ADMIN_CREDENTIALS_FILE);
  const text = `[default]\naws_access_key_id = ${key.accessKeyId}\naws_secret_access_key = ${key.secretAccessKey}\n`;
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return { created: true, account: acct.id };
}
