import type { SecureStore } from '../crypto/secure-store.js';

/** Prefixes a dev-mode reset keeps: the keyring, the default account and its admin key. */
const KEPT = ['core/', 'iam/accounts/', 'iam/access-keys/'];

/** Dev mode's POST /_coffer/reset: every resource is gone, the admin credentials still work. */
export async function wipeState(store: SecureStore): Promise<void> {
  const entries = await store.listAll('');
  await store.transaction(async (tx) => {
    for (const { key } of entries) if (!KEPT.some((p) => key.startsWith(p))) await tx.delete(key);
  });
}
