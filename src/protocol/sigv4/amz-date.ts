const BASIC = /^\d{8}T\d{6}Z$/;
/** RFC 7231 IMF-fixdate, the only Date-header form clients send today. */
const HTTP_DATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Seconds since the epoch of a yyyymmddThhmmssZ stamp, or undefined if it is not a real instant. */
export function parseAmzDate(stamp: string): number | undefined {
  if (!BASIC.test(stamp)) return undefined;
  const num = (from: number, to: number): number => Number(stamp.slice(from, to));
  const y = num(0, 4);
  const mo = num(4, 6);
  const d = num(6, 8);
  const h = num(9, 11);
  const mi = num(11, 13);
  const s = num(13, 15);
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const monthDays = mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1];
  // Date.UTC reads years below 100 as 19xx.
  if (y < 100 || monthDays === undefined || d < 1 || d > monthDays || h > 23 || mi > 59 || s > 59) return undefined;
  return Date.UTC(y, mo - 1, d, h, mi, s) / 1000;
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
