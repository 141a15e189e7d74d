import type { AppServices } from '../../server/app-services.js';
import { announceWithin, noteCommitted } from './catalog.js';
import { PURGE_PREFIX, secretPath } from './paths.js';
import { deleteAll } from './repo.js';
import type { SecretRecord } from './secret.js';

/** Remove a secret, its versions and its name for good. */
export async function purgeSecret(app: AppServices, r: SecretRecord): Promise<void> {
  await app.store.transaction(async (tx) => {
    const fresh = await tx.getJson<SecretRecord>(secretPath(r.account, r.region, r.sid));
    if (fresh) await deleteAll(tx, fresh);
    await announceWithin(tx, r.account, r.region, r.sid);
  });
  noteCommitted(app, r.account, r.region, r.sid, undefined);
}

/**
 * Purge secrets whose deletion date has passed. The queue lives in storage, ordered
 * by date, so a restart loses nothing and a pass reads only what is due.
 */
export async function sweepSecretsManager(app: AppServices, now: number): Promise<void> {
  for (;;) {
    const page = await app.store.list(PURGE_PREFIX, { limit: 100 });
    let purged = 0;
    for (const e of page.entries) {
      const [, at, account, region, sid] = e.key.split('/') as [string, string, string, string, string];
      if (Number(at) > now) return;
      const r = await app.store.getJson<SecretRecord>(secretPath(account, region, sid));
      // A restored secret leaves no queue entry; a stale one (restored, deleted again) is skipped.
      if (r && r.purgeAt !== undefined && r.purgeAt <= now) {
        await purgeSecret(app, r);
      } else {
        await app.store.delete(e.key);
      }
      purged++;
    }
    if (purged === 0 || !page.next) return;
  }
}
