/**
 * Conversions of scalar wire values (base64 blobs, timestamps) shared by the JSON
 * validator and the query-protocol parser. They return an error message instead of
 * throwing so each protocol can wrap it in its own error.
 */

/** What AWS SDKs print in place of a sensitive value; never the value itself. */
export const REDACTED = '*** Sensitive Data Redacted ***';

const BASE64_INVALID_CHAR = /[^A-Za-z0-9+/=]|=[^=]/;

const B64_VALUES: Record<string, number> = {};
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  .split('')
  .forEach((c, i) => (B64_VALUES[c] = i));

/**
 * Strict base64 as AWS's JSON services apply it (padding required, no URL-safe alphabet,
 * no stray bits in the last character). The messages are Coral's, typo included; the value
 * is echoed only when `echo` is set, so sensitive blobs never appear in an error.
 */
export function decodeBase64(s: string, echo: boolean): Buffer | { error: string } {
  // What SDKs send is canonical base64: it decodes to bytes whose encoding is the same string.
  // Such a string passes every check below, so only other strings need them.
  if (s.length % 4 === 0) {
    const fast = Buffer.from(s, 'base64');
    if (fast.toString('base64') === s) return fast;
  }
  const prefix = `'${echo ? s : REDACTED}' can not be converted to a Blob: `;
  if (s.length % 4 !== 0) {
    return { error: `${prefix}Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}` };
  }
  const bad = BASE64_INVALID_CHAR.exec(s)?.[0][0];
  const firstPad = s.indexOf('=');
  if (bad !== undefined || (firstPad >= 0 && s.length - firstPad > 2)) {
    return { error: `${prefix}Invalid Base64 character${echo ? `: '${bad ?? '='}'` : ''}` };
  }
  const pad = firstPad < 0 ? 0 : s.length - firstPad;
  if (pad > 0) {
    const last = B64_VALUES[s[s.length - pad - 1] ?? 'A'] ?? 0;
    if ((pad === 1 && (last & 0b11) !== 0) || (pad === 2 && (last & 0b1111) !== 0)) {
      return { error: `${prefix}Invalid last non-pad Base64 character dectected` };
    }
  }
  return Buffer.from(s, 'base64');
}

const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/i;
const EPOCH = /^-?\d+(?:\.\d+)?$/;

/** Epoch seconds (number or numeric string) or an ISO 8601 date-time; undefined when neither. */
export function parseTimestamp(v: unknown): Date | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v;
  if (typeof v === 'number') return Number.isFinite(v) ? new Date(Math.round(v * 1000)) : undefined;
  if (typeof v !== 'string') return undefined;
  if (EPOCH.test(v)) return new Date(Math.round(Number(v) * 1000));
  if (!ISO_8601.test(v)) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** ISO 8601 in UTC as AWS's XML responses print it: milliseconds only when there are some. */
export function formatIsoTimestamp(d: Date): string {
  const iso = d.toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
