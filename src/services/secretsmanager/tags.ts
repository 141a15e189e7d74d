import type { Tag } from '../../generated/secretsmanager-types.js';
import { invalidParameter } from './errors.js';

const MAX_TAGS = 50;

/** Merge tags (a key set again takes the new value) and apply AWS's limits. */
export function mergeTags(existing: readonly Tag[], added: readonly Tag[]): Tag[] {
  const byKey = new Map<string, Tag>();
  for (const t of existing) byKey.set(t.Key ?? '', { Key: t.Key ?? '', Value: t.Value ?? '' });
  for (const t of added) {
    const key = t.Key ?? '';
    if (key.toLowerCase().startsWith('aws:')) throw invalidParameter('Invalid tag key: tag keys starting with aws: are reserved.');
    byKey.set(key, { Key: key, Value: t.Value ?? '' });
  }
  if (byKey.size > MAX_TAGS) throw invalidParameter(`The number of tags on a secret can't exceed ${MAX_TAGS}.`);
  return [...byKey.values()];
}

export function removeTags(existing: readonly Tag[], keys: readonly string[]): Tag[] {
  const drop = new Set(keys);
  return existing.filter((t) => !drop.has(t.Key ?? ''));
}
