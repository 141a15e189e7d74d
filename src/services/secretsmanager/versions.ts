import { AwsError } from '../../protocol/errors.js';
import { invalidParameter } from './errors.js';
import { AWSCURRENT, AWSPREVIOUS, type SecretRecord, type VersionMeta, versionWithStage } from './secret.js';

export const MAX_VERSIONS = 100;
export const MAX_LABELS = 20;

/**
 * Staging-label movement when a new version arrives (CreateSecret, PutSecretValue,
 * UpdateSecret, RotateSecret). Pure: mutates only the record it is given.
 *
 * - Without explicit stages the version becomes AWSCURRENT.
 * - The first version with a value always gets AWSCURRENT.
 * - AWSCURRENT moving makes the old current AWSPREVIOUS; the old AWSPREVIOUS loses it.
 * - Any other label lives on one version: attaching it here removes it elsewhere.
 */
export function addVersion(
  r: SecretRecord,
  versionId: string,
  meta: Omit<VersionMeta, 'stages'>,
  stages: readonly string[] | undefined,
): string[] {
  const wanted = [...new Set(stages ?? [AWSCURRENT])];
  const current = versionWithStage(r, AWSCURRENT);
  if (current === undefined && !wanted.includes(AWSCURRENT)) wanted.push(AWSCURRENT);
  for (const label of wanted) {
    if (label === AWSCURRENT) continue;
    detach(r, label);
  }
  if (wanted.includes(AWSCURRENT) && current !== undefined && current !== versionId) {
    detach(r, AWSPREVIOUS);
    detach(r, AWSCURRENT);
    attach(r, current, AWSPREVIOUS);
  }
  r.versions[versionId] = { ...meta, stages: wanted };
  checkLabelQuota(r);
  return wanted;
}

/**
 * UpdateSecretVersionStage. Moving AWSCURRENT also moves AWSPREVIOUS to the version
 * it left; omitting MoveToVersionId removes the label.
 */
export function moveStage(r: SecretRecord, stage: string, moveTo: string | undefined, removeFrom: string | undefined): void {
  if (moveTo !== undefined && !r.versions[moveTo]) throw invalidParameter(`Not a valid version: ${moveTo}`);
  if (removeFrom !== undefined && !r.versions[removeFrom]) throw invalidParameter(`Not a valid version: ${removeFrom}`);
  const holder = versionWithStage(r, stage);
  if (removeFrom !== undefined && holder !== removeFrom) {
    throw invalidParameter(
      `The staging label ${stage} is not attached to the version ${removeFrom} specified in RemoveFromVersionId.`,
    );
  }
  if (holder !== undefined && holder !== moveTo && removeFrom === undefined) {
    throw invalidParameter(
      `The parameter RemoveFromVersionId can't be empty. Staging label ${stage} is currently attached to version ${holder}, so you must explicitly reference that version in RemoveFromVersionId.`,
    );
  }
  if (moveTo === undefined) {
    if (stage === AWSCURRENT && holder !== undefined) {
      throw invalidParameter(
        "You can only move staging label AWSCURRENT to a different secret version. It can't be completely removed.",
      );
    }
    if (holder !== undefined) detachFrom(r, holder, stage);
    return;
  }
  if (holder === moveTo) return;
  if (stage === AWSCURRENT) {
    detach(r, AWSPREVIOUS);
    if (holder !== undefined) {
      detachFrom(r, holder, AWSCURRENT);
      attach(r, holder, AWSPREVIOUS);
    }
    detachFrom(r, moveTo, AWSPREVIOUS);
  } else if (holder !== undefined) {
    detachFrom(r, holder, stage);
  }
  attach(r, moveTo, stage);
  checkLabelQuota(r);
}

/** AWS's quota: at most 20 staging labels across all versions of a secret. */
export function checkLabelQuota(r: SecretRecord): void {
  let n = 0;
  for (const v of Object.values(r.versions)) n += v.stages.length;
  if (n > MAX_LABELS) {
    throw new AwsError('LimitExceededException', `A secret can have at most ${MAX_LABELS} staging labels attached across all of its versions.`);
  }
}

/** Versions younger than this are never dropped, however many there are (as AWS does). */
export const VERSION_MIN_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Drop the oldest versions without labels until at most 100 remain; labelled versions,
 * and versions created in the last 24 hours, are kept.
 */
export function pruneVersions(r: SecretRecord, now: number): string[] {
  const ids = Object.keys(r.versions);
  if (ids.length <= MAX_VERSIONS) return [];
  const deprecated = ids
    .filter((id) => r.versions[id]!.stages.length === 0 && now - r.versions[id]!.created >= VERSION_MIN_AGE_MS)
    .sort((a, b) => r.versions[a]!.created - r.versions[b]!.created);
  const dropped = deprecated.slice(0, ids.length - MAX_VERSIONS);
  for (const id of dropped) delete r.versions[id];
  return dropped;
}

export function versionsToStages(r: SecretRecord): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [id, v] of Object.entries(r.versions)) if (v.stages.length > 0) out[id] = [...v.stages];
  return out;
}

function detach(r: SecretRecord, label: string): void {
  for (const v of Object.values(r.versions)) v.stages = v.stages.filter((s) => s !== label);
}

function detachFrom(r: SecretRecord, id: string, label: string): void {
  const v = r.versions[id];
  if (v) v.stages = v.stages.filter((s) => s !== label);
}

function attach(r: SecretRecord, id: string, label: string): void {
  const v = r.versions[id];
  if (v && !v.stages.includes(label)) v.stages.push(label);
}
