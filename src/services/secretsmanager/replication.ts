import { randomUUID } from 'node:crypto';
import type { ReplicaRegionType } from '../../generated/secretsmanager-types.js';
import type { SecureWriter } from '../../crypto/secure-store.js';
import type { RequestContext } from '../../protocol/operation.js';
import { announceWithin, catalog, noteCommitted } from './catalog.js';
import { invalidParameter } from './errors.js';
import { namePath, secretPath, valuePath } from './paths.js';
import { purgeSecret } from './purge.js';
import { mutate } from './repo.js';
import { arnInRegion, type ReplicaState, type SecretRecord } from './secret.js';
import { keyArnFor, openVersion, sealFor } from './values.js';

/**
 * Regions are namespaces of this server. A replica is a read-only copy of the primary
 * in another region, with the same name and ARN suffix, every version re-encrypted
 * under the replica region's key, and kept in sync on every change to the primary.
 */
export async function replicateTo(
  ctx: RequestContext,
  primary: SecretRecord,
  regions: readonly ReplicaRegionType[],
  force: boolean,
): Promise<SecretRecord> {
  for (const x of regions) {
    if (x.Region === undefined || x.Region === primary.region) throw invalidParameter('Invalid replica region.');
  }
  const states: ReplicaState[] = [];
  for (const x of regions) {
    const region = x.Region!;
    if (primary.replicas?.some((s) => s.region === region) || states.some((s) => s.region === region)) continue;
    const state: ReplicaState = { region, status: 'InSync', statusMessage: 'Replication succeeded' };
    if (x.KmsKeyId !== undefined && x.KmsKeyId !== '') state.kmsKeyId = x.KmsKeyId;
    const clash = (await catalog(ctx.app, primary.account, region)).byName(primary.name);
    if (clash && !force) {
      state.status = 'Failed';
      state.statusMessage = `Replication failed: Secret name ${primary.name} already exists in region ${region}.`;
    } else {
      if (clash) {
        await purgeSecret(ctx.app, clash);
      }
      await writeReplica(ctx, primary, state, undefined);
    }
    states.push(state);
  }
  const { record } = await mutate(ctx, primary, (fresh) => {
    fresh.replicas = [...(fresh.replicas ?? []), ...states];
  });
  return record;
}

/** Bring every in-sync replica up to date with its primary. */
export async function syncReplicas(ctx: RequestContext, primary: SecretRecord): Promise<void> {
  for (const state of primary.replicas ?? []) {
    if (state.status !== 'InSync') continue;
    const existing = (await catalog(ctx.app, primary.account, state.region)).byArn(arnInRegion(primary.arn, state.region));
    await writeReplica(ctx, primary, state, existing);
  }
}

export async function removeReplicas(ctx: RequestContext, primary: SecretRecord, regions: readonly string[]): Promise<SecretRecord> {
  for (const state of primary.replicas ?? []) {
    if (!regions.includes(state.region) || state.status !== 'InSync') continue;
    const replica = (await catalog(ctx.app, primary.account, state.region)).byArn(arnInRegion(primary.arn, state.region));
    if (replica) {
      await purgeSecret(ctx.app, replica);
    }
  }
  const { record } = await mutate(ctx, primary, (fresh) => {
    fresh.replicas = (fresh.replicas ?? []).filter((s) => !regions.includes(s.region));
    if (fresh.replicas.length === 0) delete fresh.replicas;
  });
  return record;
}

/** Copy the primary's metadata and versions into the replica region. */
async function writeReplica(ctx: RequestContext, primary: SecretRecord, state: ReplicaState, existing: SecretRecord | undefined): Promise<void> {
  const region = state.region;
  const arn = arnInRegion(primary.arn, region);
  const keyArn = await keyArnFor(ctx, state.kmsKeyId, region);
  const sid = existing?.sid ?? randomUUID();
  const sealed = new Map<string, Buffer>();
  for (const id of Object.keys(primary.versions)) {
    const have = existing?.versions[id];
    if (have && have.keyArn === keyArn) continue;
    const value = await openVersion(ctx, primary, id);
    if (value) sealed.set(id, await sealFor(ctx, { arn, region }, keyArn, id, value));
  }
  const replica: SecretRecord = {
    ...structuredClone(primary),
    sid,
    arn,
    region,
    primaryRegion: primary.region,
    rev: (existing?.rev ?? 0) + 1,
  };
  delete replica.replicas;
  if (state.kmsKeyId === undefined) delete replica.kmsKeyId;
  else replica.kmsKeyId = state.kmsKeyId;
  for (const v of Object.values(replica.versions)) {
    v.keyArn = keyArn;
    v.defaultKey = state.kmsKeyId === undefined;
  }
  await ctx.app.store.transaction(async (tx: SecureWriter) => {
    if (!existing) await tx.put(namePath(primary.account, region, primary.name), Buffer.from(sid, 'utf8'));
    for (const [id, blob] of sealed) await tx.put(valuePath(primary.account, region, sid, id), blob);
    for (const id of Object.keys(existing?.versions ?? {})) {
      if (!replica.versions[id]) await tx.delete(valuePath(primary.account, region, sid, id));
    }
    await tx.putJson(secretPath(primary.account, region, sid), replica);
    await announceWithin(tx, primary.account, region, sid);
  });
  noteCommitted(ctx.app, primary.account, region, sid, replica);
}
