/**
 * Dates in conditions: the W3C profile of ISO 8601 (YYYY, YYYY-MM, YYYY-MM-DD, with optional
 * Thh:mm[:ss[.fff]] and a zone) or epoch seconds. Returns epoch milliseconds.
 * A date-time without a zone is read as UTC.
 */
const ISO = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

export function parseDate(input: string): number | undefined {
  const s = input.trim();
  if (/^\d+(\.\d+)?$/.test(s) && !/^\d{4}$/.test(s)) {
    const n = Number(s);
    return Number.isFinite(n) ? Math.round(n * 1000) : undefined;
  }
  const m = ISO.exec(s);
  if (!m) return undefined;
  const [, y, mo = '1', d = '1', h = '0', mi = '0', se = '0', frac, zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(se);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let ms = Date.UTC(year, month - 1, day, hour, minute, second);
  if (frac) ms += Math.floor(Number(`0.${frac}`) * 1000);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const zh = Number(digits.slice(0, 2));
    const zm = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (zh > 23 || zm > 59) return undefined;
    ms -= sign * (zh * 60 + zm) * 60_000;
  }
  return ms;
}
