import { AwsError } from '../../protocol/errors.js';

/**
 * Marker paging over an in-memory list sorted by a unique key: the marker is the key of the
 * last entry returned. Truncated is always present, as AWS sends it.
 */
export function page<T>(
  items: T[],
  keyOf: (t: T) => string,
  marker: string | undefined,
  limit: number,
): { items: T[]; NextMarker?: string; Truncated: boolean } {
  let start = 0;
  if (marker !== undefined) {
    const idx = items.findIndex((t) => keyOf(t) > marker);
    start = idx === -1 ? items.length : idx;
    if (!/^[\u0020-\u00ff]*$/.test(marker)) throw new AwsError('InvalidMarkerException', 'Invalid marker');
  }
  const slice = items.slice(start, start + limit);
  const more = start + limit < items.length;
  return more ? { items: slice, NextMarker: keyOf(slice[slice.length - 1]!), Truncated: true } : { items: slice, Truncated: false };
}
