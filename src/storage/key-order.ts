import type { Entry, ListOptions, ListPage } from './backend.js';

/**
 * Orders keys by their UTF-8 bytes, which is code point order. JavaScript's own
 * `<` compares UTF-16 code units and would put U+10000.. (surrogate pairs) before
 * U+E000..U+FFFF; every backend must agree with SQLite's BINARY collation instead.
 */
export function compareKeys(a: string, b: string): number {
  const n = a.length < b.length ? a.length : b.length;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * The smallest string greater than every string that starts with `prefix`, or
 * undefined when there is none (empty prefix, or only U+10FFFF). Lets a backend
 * answer a prefix query as an index range `key >= prefix AND key < bound` with no
 * LIKE (whose % and _ are wildcards) and no '\uffff' sentinel (astral code points
 * sort above it in UTF-8).
 */
export function prefixUpperBound(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = (points.pop() as string).codePointAt(0) as number;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}

/** Where a listing starts: strictly after the cursor when it lies inside the range. */
export function listStart(prefix: string, after: string | undefined): { key: string; inclusive: boolean } {
  if (after !== undefined && compareKeys(after, prefix) >= 0) return { key: after, inclusive: false };
  return { key: prefix, inclusive: true };
}

export function checkListOptions(options: ListOptions | undefined): void {
  const limit = options?.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new RangeError(`list limit must be a positive integer, got ${String(limit)}`);
  }
}

/** Cuts entries fetched with limit + 1 down to a page, setting `next` when more follow. */
export function toPage(entries: Entry[], limit: number | undefined): ListPage {
  if (limit === undefined || entries.length <= limit) return { entries };
  entries.length = limit;
  return { entries, next: (entries[limit - 1] as Entry).key };
}
