import type { Tag } from '../../generated/iam-types.js';
import { invalidInput, limitExceeded } from './errors.js';
import type { TagRecord } from './records.js';

const MAX_TAGS = 50;

/** User and role tag keys are case-insensitive: two keys differing only in case are one key. */
export function checkTagKeys(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const t of tags) {
    const k = t.Key.toLowerCase();
    if (seen.has(k)) throw invalidInput('Duplicate tag keys found. Please note that Tag keys are case insensitive.');
    seen.add(k);
  }
}

/** Adds or overwrites tags (matching keys without regard to case). */
export function mergeTags(existing: readonly TagRecord[], incoming: readonly Tag[], quota: string): TagRecord[] {
  checkTagKeys(incoming);
  const out = existing.map((t) => ({ ...t }));
  for (const t of incoming) {
    const i = out.findIndex((e) => e.Key.toLowerCase() === t.Key.toLowerCase());
    const tag = { Key: t.Key, Value: t.Value ?? '' };
    if (i >= 0) out[i] = tag;
    else out.push(tag);
  }
  if (out.length > MAX_TAGS) throw limitExceeded(`Cannot exceed quota for ${quota}: ${MAX_TAGS}`);
  return out;
}

export function removeTags(existing: readonly TagRecord[], keys: readonly string[]): TagRecord[] {
  const drop = new Set(keys.map((k) => k.toLowerCase()));
  return existing.filter((t) => !drop.has(t.Key.toLowerCase()));
}

/** Listings return tags ordered by key. */
export const sortedTags = (tags: readonly TagRecord[]): TagRecord[] =>
  [...tags].sort((a, b) => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0));

export const tagMap = (tags: readonly TagRecord[]): Record<string, string> => Object.fromEntries(tags.map((t) => [t.Key, t.Value]));
