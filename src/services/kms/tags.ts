import type { Tag } from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';

export const MAX_TAGS = 50;

const tagError = (message: string): AwsError => new AwsError('TagException', message);

/** Merge new tags into a key's tags (a repeated key replaces the value), with AWS's limits. */
export function mergeTags(existing: Tag[], incoming: Tag[]): Tag[] {
  const merged = new Map(existing.map((t) => [t.TagKey, t.TagValue]));
  for (const t of incoming) {
    if (t.TagKey.startsWith('aws:')) throw tagError('Tags beginning with aws: are reserved');
    merged.set(t.TagKey, t.TagValue);
  }
  if (merged.size > MAX_TAGS) throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_TAGS} tags.`);
  return [...merged].map(([TagKey, TagValue]) => ({ TagKey, TagValue }));
}

export function removeTags(existing: Tag[], keys: string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.TagKey));
}
