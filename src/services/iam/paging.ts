import { validationError } from './errors.js';

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

const DEFAULT_MAX_ITEMS = 100;

/**
 * IAM's Marker/MaxItems paging over a list already in its final order. The marker is opaque
 * to clients: the sort key of the last item returned, so a page stays correct when items
 * before it are deleted meanwhile.
 */
export function paginate<T>(items: readonly T[], keyOf: (item: T) => string, marker: string | undefined, maxItems: number | undefined): Page<T> {
  let start = 0;
  if (marker !== undefined) {
    const after = decodeMarker(marker);
    start = items.findIndex((it) => keyOf(it) > after);
    if (start < 0) start = items.length;
  }
  const limit = maxItems ?? DEFAULT_MAX_ITEMS;
  const slice = items.slice(start, start + limit);
  const truncated = start + limit < items.length;
  const page: Page<T> = { items: slice, IsTruncated: truncated };
  const last = slice[slice.length - 1];
  if (truncated && last !== undefined) page.Marker = Buffer.from(keyOf(last), 'utf8').toString('base64url');
  return page;
}

function decodeMarker(marker: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(marker)) throw validationError('Invalid Marker.');
  return Buffer.from(marker, 'base64url').toString('utf8');
}
