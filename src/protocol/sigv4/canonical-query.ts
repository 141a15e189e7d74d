import { decodeNormalized, normalizeEncoded } from './uri-encode.js';

/** One query parameter in canonical (RFC 3986) encoding. */
export type QueryPair = readonly [key: string, value: string];

/** Split a raw query string into canonically encoded pairs, in arrival order. */
export function parseQuery(rawQuery: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (rawQuery === '') return pairs;
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    pairs.push([normalizeEncoded(key), normalizeEncoded(value)]);
  }
  return pairs;
}

/** First value of a parameter, decoded; AWS reads the first of repeated auth parameters. */
export function queryParam(pairs: readonly QueryPair[], key: string): string | undefined {
  for (const [k, v] of pairs) if (k === key) return decodeNormalized(v);
  return undefined;
}

const byKeyThenValue = (a: QueryPair, b: QueryPair): number =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;

/**
 * Sorted by encoded key, then encoded value (both SDKs sort that way; sorting the
 * joined "k=v" strings would differ when one key is a prefix of another).
 */
export function canonicalQuery(pairs: readonly QueryPair[], exclude?: string): string {
  if (pairs.length === 0) return '';
  const kept = exclude === undefined ? pairs.slice() : pairs.filter((p) => p[0] !== exclude);
  if (kept.length > 1) kept.sort(byKeyThenValue);
  let out = '';
  for (let i = 0; i < kept.length; i++) {
    const p = kept[i]!;
    out += (i === 0 ? '' : '&') + p[0] + '=' + p[1];
  }
  return out;
}
