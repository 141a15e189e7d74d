/**
 * RFC 3986 encoding as SigV4 uses it: A-Z a-z 0-9 - . _ ~ stay, every other byte of
 * the UTF-8 form becomes %XX in upper-case hex.
 */

const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED[c.charCodeAt(0)] = 1;
const HEX = '0123456789ABCDEF';

const isUnreserved = (code: number): boolean => code < 128 && UNRESERVED[code] === 1;

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

function allUnreserved(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isUnreserved(s.charCodeAt(i))) return false;
  return true;
}

function pushByte(out: string[], byte: number): void {
  out.push(isUnreserved(byte) ? String.fromCharCode(byte) : '%' + HEX[byte >> 4]! + HEX[byte & 15]!);
}

function pushChar(out: string[], ch: string): void {
  const code = ch.charCodeAt(0);
  if (code < 128) return pushByte(out, code);
  for (const byte of Buffer.from(ch, 'utf8')) pushByte(out, byte);
}

/** Encode every character that is not unreserved ('%' included). */
export function uriEncode(s: string): string {
  if (allUnreserved(s)) return s;
  const out: string[] = [];
  for (const ch of s) pushChar(out, ch);
  return out.join('');
}

/**
 * The canonical form of a query key or value as it came over the wire: valid %XX
 * escapes are decoded and re-encoded (so %7e and ~ agree, and hex is upper-case),
 * everything else is encoded. A '+' is a literal plus: SigV4 clients send spaces as %20.
 */
export function normalizeEncoded(raw: string): string {
  if (allUnreserved(raw)) return raw;
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code === 37 /* % */ && i + 2 < raw.length) {
      const hi = hexValue(raw.charCodeAt(i + 1));
      const lo = hexValue(raw.charCodeAt(i + 2));
      if (hi >= 0 && lo >= 0) {
        pushByte(out, hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < raw.length) {
      pushChar(out, raw.slice(i, i + 2));
      i++;
      continue;
    }
    pushChar(out, raw[i]!);
  }
  return out.join('');
}

/** The value a normalized component stands for, for reading X-Amz-* parameters. */
export function decodeNormalized(encoded: string): string {
  if (!encoded.includes('%')) return encoded;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded; // not UTF-8: such a value can never be a valid credential or date anyway
  }
}
