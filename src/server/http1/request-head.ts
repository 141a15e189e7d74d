import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './http-error.js';

/** A request's line and header fields, as RFC 9112 reads them. */
export interface RequestHead {
  method: string;
  /** The origin-form target: path and query as sent. */
  target: string;
  minor: 0 | 1;
  /** Lower-cased names; repeated fields joined with ", " (node's rule), a few kept first-only. */
  headers: IncomingHttpHeaders;
  /** Names as sent and values, alternating, every occurrence: what SigV4 canonicalizes. */
  rawHeaders: string[];
  /** Declared body length; undefined when there is no body or it is chunked. */
  contentLength: number | undefined;
  chunked: boolean;
  keepAlive: boolean;
  expectContinue: boolean;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const REQUEST_LINE = /^([!#$%&'*+\-.^_`|~0-9A-Za-z]+) (\S+) HTTP\/(\d)\.(\d)$/;
// Field values: visible characters, spaces and tabs, obs-text; no CR, LF or NUL.
const BAD_VALUE = /[\0\r\n]/;
const DIGITS = /^\d{1,15}$/;

// Fields a request carries once: a repeat is ignored, as node:http does.
const SINGLE = new Set([
  'authorization',
  'content-type',
  'host',
  'user-agent',
  'from',
  'referer',
  'if-modified-since',
  'if-unmodified-since',
  'max-forwards',
  'proxy-authorization',
]);

/** Parses the header block (without its final empty line), decoded as latin1 as node:http does. */
export function parseRequestHead(text: string): RequestHead {
  const lines = text.split('\r\n');
  const m = REQUEST_LINE.exec(lines[0]!);
  if (!m) throw new HttpError(400, 'malformed request line');
  const [, method, target, major, minorDigit] = m as unknown as [string, string, string, string, string];
  if (major !== '1' || (minorDigit !== '0' && minorDigit !== '1')) throw new HttpError(505, 'unsupported HTTP version');
  if (target.charCodeAt(0) !== 0x2f) throw new HttpError(400, 'request target must be a path');
  const minor = minorDigit === '1' ? 1 : 0;

  const headers = Object.create(null) as Record<string, string>;
  const rawHeaders: string[] = [];
  let lengths: string | undefined;
  let transferEncoding: string | undefined;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const c0 = line.charCodeAt(0);
    // Obsolete line folding: RFC 9112 lets a server reject it, and a folded field would be signed differently.
    if (c0 === 0x20 || c0 === 0x09) throw new HttpError(400, 'obsolete line folding');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpError(400, 'malformed header field');
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) throw new HttpError(400, 'malformed header field name');
    const value = trimOws(line.slice(colon + 1));
    if (BAD_VALUE.test(value)) throw new HttpError(400, 'malformed header field value');
    rawHeaders.push(name, value);
    const lower = name.toLowerCase();
    if (lower === 'content-length') {
      if (!DIGITS.test(value)) throw new HttpError(400, 'invalid content-length');
      if (lengths !== undefined && lengths !== value) throw new HttpError(400, 'conflicting content-length');
      lengths = value;
    } else if (lower === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    }
    const had = headers[lower];
    if (had === undefined) headers[lower] = value;
    else if (!SINGLE.has(lower) && lower !== 'content-length') headers[lower] = `${had}, ${value}`;
  }

  let chunked = false;
  if (transferEncoding !== undefined) {
    if (lengths !== undefined) throw new HttpError(400, 'both transfer-encoding and content-length');
    if (minor === 0) throw new HttpError(400, 'transfer-encoding in HTTP/1.0');
    if (transferEncoding.trim().toLowerCase() !== 'chunked') throw new HttpError(501, 'unsupported transfer-encoding');
    chunked = true;
  }
  const connection = headers['connection']?.toLowerCase();
  const keepAlive = minor === 1 ? !hasToken(connection, 'close') : hasToken(connection, 'keep-alive');
  const expect = headers['expect'];
  let expectContinue = false;
  if (expect !== undefined) {
    if (expect.toLowerCase() !== '100-continue') throw new HttpError(417, 'unsupported expectation');
    expectContinue = minor === 1;
  }
  return {
    method,
    target,
    minor,
    headers: headers as IncomingHttpHeaders,
    rawHeaders,
    contentLength: lengths === undefined ? undefined : Number(lengths),
    chunked,
    keepAlive,
    expectContinue,
  };
}

function trimOws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 0x20 || s.charCodeAt(a) === 0x09)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 0x20 || s.charCodeAt(b - 1) === 0x09)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  if (list === token) return true;
  for (const part of list.split(',')) if (part.trim() === token) return true;
  return false;
}
