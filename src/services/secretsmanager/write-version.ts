import type { RequestContext } from '../../protocol/operation.js';
import type { SecretValue } from './envelope.js';
import { tokenReusedWithOtherValue } from './errors.js';
import { valuePath } from './paths.js';
import { syncReplicas } from './replication.js';
import { mutate } from './repo.js';
import type { SecretRecord } from './secret.js';
import { keyArnFor, sealFor } from './values.js';
import { addVersion, pruneVersions } from './versions.js';

/**
 * Store a new version (PutSecretValue, UpdateSecret): encrypt outside the transaction,
 * then move labels and write in one transaction. Returns the updated record and the
 * new version's labels.
 */
export async function writeVersion(
  ctx: RequestContext,
  r: SecretRecord,
  versionId: string,
  value: SecretValue,
  stages: readonly string[] | undefined,
  opts: { kmsKeyId?: string | undefined; change?: (fresh: SecretRecord) => void } = { kmsKeyId: r.kmsKeyId },
): Promise<{ record: SecretRecord; stages: string[] }> {
  const change = opts.change;
  const keyArn = await keyArnFor(ctx, opts.kmsKeyId);
  const sealed = await sealFor(ctx, r, keyArn, versionId, value);
  const { record, result } = await mutate(ctx, r, async (fresh, tx) => {
    if (fresh.versions[versionId]) throw tokenReusedWithOtherValue();
    change?.(fresh);
    const labels = addVersion(fresh, versionId, { created: ctx.now, keyArn, defaultKey: opts.kmsKeyId === undefined }, stages);
    for (const dropped of pruneVersions(fresh, ctx.now)) await tx.delete(valuePath(fresh.account, fresh.region, fresh.sid, dropped));
    await tx.put(valuePath(fresh.account, fresh.region, fresh.sid, versionId), sealed);
    fresh.lastChanged = ctx.now;
    return labels;
  });
  await syncReplicas(ctx, record);
  return { record, stages: result };
}
