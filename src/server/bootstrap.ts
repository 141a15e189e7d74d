import fs from 'node:fs/promises';
import path from 'node:path';
import type { SecureStore } from '../crypto/secure-store.js';
import type { AccessKeyRecord } from '../identity/identity-store.js';
import { rootArn } from '../identity/identity-store-impl.js';
import { awsId, newAccountId, secretAccessKey } from '../identity/ids.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-credentials';
const DEFAULT_ACCOUNT_PATH = 'core/default-account';

/**
 * First start of a data directory: a default account and its admin (root) access key,
 * written once to DIR/admin-credentials in the shared-credentials format the AWS CLI
 * and SDKs read, readable by the owner only. One transaction, so several nodes starting
 * together on one empty database agree on a single account.
 */
export async function bootstrapAccount(store: SecureStore, dataDir: string, account?: string): Promise<{ created: boolean; account: string }> {
  const outcome = await store.transaction(async (tx) => {
    const existing = await tx.getJson<{ account: string }>(DEFAULT_ACCOUNT_PATH);
    if (existing) return { created: false as const, account: existing.account };
    const id = account ?? newAccountId();
    const key: AccessKeyRecord = {
      accessKeyId: awsId('AKIA'),
      secretAccessKey: secretAccessKey(),
      status: 'Active',
      principal: { arn: rootArn(id), account: id, userId: id, type: 'root', admin: true },
    };
    await tx.putJson(`iam/accounts/${id}`, { id, createdAt: Date.now() });
    await tx.putJson(`iam/access-keys/${key.accessKeyId}`, key);
    await tx.putJson(DEFAULT_ACCOUNT_PATH, { account: id });
    return { created: true as const, account: id, key };
  });
  if (!outcome.created) return outcome;
  const file = path.join(dataDir, ADMIN_CREDENTIALS_FILE);
  const text = `[default]\naws_access_key_id = ${outcome.key.accessKeyId}\naws_secret_access_key = ${outcome.key.secretAccessKey}\n`;
  await fs.writeFile(file, text, { mode: 0o600 });
  await fs.chmod(file, 0o600);
  return { created: true, account: outcome.account };
}
