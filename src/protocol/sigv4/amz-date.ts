const BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** RFC 7231 IMF-fixdate, the only Date-header form clients send today. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** Seconds since the epoch of a yyyymmddThhmmssZ stamp, or undefined if it is not a real instant. */
export function parseAmzDate(stamp: string): number | undefined {
  const m = BASIC.exec(stamp);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls over (month 13, Feb 30): the round trip catches those.
  if (formatAmzDate(ms / 1000) !== stamp) return undefined;
  return ms / 1000;
}

export function formatAmzDate(seconds: number): string {
  const iso = new Date(seconds * 1000).toISOString(); // 2019-04-30T07:57:32.000Z
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 10) + 'T' + iso.slice(11, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}

/**
 * The request time from X-Amz-Date or, failing that, the Date header, which may also
 * be an HTTP date. Returns the stamp as it goes into the string to sign.
 */
export function parseRequestDate(value: string): { amzDate: string; seconds: number } | undefined {
  const seconds = parseAmzDate(value);
  if (seconds !== undefined) return { amzDate: value, seconds };
  if (!HTTP_DATE.test(value)) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) return undefined;
  return { amzDate: formatAmzDate(ms / 1000), seconds: ms / 1000 };
}
