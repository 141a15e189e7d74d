import type { RequestContext } from '../../protocol/operation.js';
import { defaultKeyCrossAccount, markedForDeletion, stageVersionMismatch, valueNotFoundForStage, valueNotFoundForVersion } from './errors.js';
import { AWSCURRENT, dayOf, isDeleted, type SecretRecord, versionWithStage } from './secret.js';
import type { OpenedValue } from './envelope.js';
import { openVersionForAnswer } from './values.js';
import { mutate } from './repo.js';

export interface ReadResult {
  versionId: string;
  stages: string[];
  created: number;
  value: OpenedValue;
}

/** Which version a GetSecretValue-style call names, with AWS's errors. */
export function pickVersion(r: SecretRecord, versionId: string | undefined, stage: string | undefined): string {
  if (versionId !== undefined) {
    const v = r.versions[versionId];
    if (!v) throw valueNotFoundForVersion(versionId);
    if (stage !== undefined && !v.stages.includes(stage)) throw stageVersionMismatch();
    return versionId;
  }
  const wanted = stage ?? AWSCURRENT;
  const id = versionWithStage(r, wanted);
  if (id === undefined) throw valueNotFoundForStage(wanted);
  return id;
}

/** Decrypt one version for the caller (GetSecretValue and BatchGetSecretValue). */
export async function readSecretValue(
  ctx: RequestContext,
  r: SecretRecord,
  versionId: string | undefined,
  stage: string | undefined,
): Promise<ReadResult> {
  if (isDeleted(r)) throw markedForDeletion();
  if (r.account !== ctx.account && r.kmsKeyId === undefined) throw defaultKeyCrossAccount();
  const id = pickVersion(r, versionId, stage);
  const meta = r.versions[id]!;
  const value = await openVersionForAnswer(ctx, r, id);
  if (!value) throw versionId !== undefined ? valueNotFoundForVersion(id) : valueNotFoundForStage(stage ?? AWSCURRENT);
  await touch(ctx, r, id);
  return { versionId: id, stages: [...meta.stages], created: meta.created, value };
}

/**
 * LastAccessedDate has day resolution, so at most one write per secret and day: the
 * common read stays a pure read.
 */
async function touch(ctx: RequestContext, r: SecretRecord, versionId: string): Promise<void> {
  const day = dayOf(ctx.now);
  if (r.lastAccessed === day && r.versions[versionId]?.lastAccessed === day) return;
  try {
    await mutate(ctx, r, (fresh) => {
      fresh.lastAccessed = day;
      const v = fresh.versions[versionId];
      if (v) v.lastAccessed = day;
    });
  } catch {
    // The read itself succeeded; the access date catches up on the next one.
  }
}
