import type { IncomingHttpHeaders } from 'node:http';
import { HttpError } from './http-error.js';

/** A request's line and header fields, as RFC 9112 reads them. */
export interface RequestHead {
  method: string;
  /** The target's path and query as sent (an absolute-form target reduced to them). */
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


// Field names repeat from request to request: each distinct valid name is checked and lower-cased once.
const NAME_CACHE_LIMIT = 1000;
const lowerNames = new Map<string, string>();

function lowerName(name: string): string {
  const known = lowerNames.get(name);
  if (known !== undefined) return known;
  if (!TOKEN.test(name)) throw new HttpError(400, 'malformed header field name');
  const lower = name.toLowerCase();
  if (lowerNames.size < NAME_CACHE_LIMIT) lowerNames.set(name, lower);
  return lower;
}

/** Parses the header block (without its final empty line), decoded as latin1 as node:http does. */
export function parseRequestHead(text: string): RequestHead {
  if (text.indexOf('\0') !== -1) throw new HttpError(400, 'NUL in header block');
  let eol = lineEnd(text, 0);
  const m = REQUEST_LINE.exec(eol === -1 ? text : text.slice(0, eol));
  if (!m) throw new HttpError(400, 'malformed request line');
  const [, method, target, major, minorDigit] = m as unknown as [string, string, string, string, string];
  if (major !== '1' || (minorDigit !== '0' && minorDigit !== '1')) throw new HttpError(505, 'unsupported HTTP version');
  const minor = minorDigit === '1' ? 1 : 0;
  const path = originForm(target);

  const headers = Object.create(null) as Record<string, string>;
  const rawHeaders: string[] = [];
  let lengths: string | undefined;
  let transferEncoding: string | undefined;
  let hosts = 0;
  while (eol !== -1) {
    const from = eol + 2;
    eol = lineEnd(text, from);
    const to = eol === -1 ? text.length : eol;
    const c0 = text.charCodeAt(from);
    // Obsolete line folding: RFC 9112 lets a server reject it, and a folded field would be signed differently.
    if (c0 === 0x20 || c0 === 0x09) throw new HttpError(400, 'obsolete line folding');
    const colon = text.indexOf(':', from);
    if (colon <= from || colon >= to) throw new HttpError(400, 'malformed header field');
    const name = text.slice(from, colon);
    const lower = lowerName(name);
    const value = trimOws(text, colon + 1, to);
    rawHeaders.push(name, value);
    if (lower === 'content-length') {
      if (!DIGITS.test(value)) throw new HttpError(400, 'invalid content-length');
      if (lengths !== undefined && lengths !== value) throw new HttpError(400, 'conflicting content-length');
      lengths = value;
    } else if (lower === 'transfer-encoding') {
      transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
    } else if (lower === 'host') {
      hosts++;
    }
    const had = headers[lower];
    if (had === undefined) headers[lower] = value;
    else if (!SINGLE.has(lower) && lower !== 'content-length') headers[lower] = `${had}, ${value}`;
  }

  // RFC 9112 §3.2: an HTTP/1.1 request carries exactly one Host.
  if (minor === 1 ? hosts !== 1 : hosts > 1) throw new HttpError(400, 'a request needs exactly one Host field');
  let chunked = false;
  if (transferEncoding !== undefined) {
    if (lengths !== undefined) throw new HttpError(400, 'both transfer-encoding and content-length');
    if (minor === 0) throw new HttpError(400, 'transfer-encoding in HTTP/1.0');
    const codings = transferEncoding.split(',').map((c) => c.trim().toLowerCase());
    // §6.3: without chunked last the body's length cannot be known; §6.1: a coding the server cannot decode gets 501.
    if (codings[codings.length - 1] !== 'chunked') throw new HttpError(400, 'chunked is not the final transfer coding');
    if (codings.length > 1) throw new HttpError(501, 'unsupported transfer coding');
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
    target: path,
    minor,
    headers: headers as IncomingHttpHeaders,
    rawHeaders,
    contentLength: lengths === undefined ? undefined : Number(lengths),
    chunked,
    keepAlive,
    expectContinue,
  };
}

const ABSOLUTE = /^https?:\/\/[^/?#]*/i;

/**
 * The path and query of a request target. Origin-form is the norm; absolute-form (what a
 * client sends to a proxy) must be accepted too (RFC 9112 §3.2.2), its authority ignored.
 */
function originForm(target: string): string {
  if (target.charCodeAt(0) === 0x2f) return target;
  const m = ABSOLUTE.exec(target);
  if (!m) throw new HttpError(400, 'request target must be a path or an absolute URI');
  const rest = target.slice(m[0].length);
  if (rest === '') return '/';
  if (rest.charCodeAt(0) === 0x2f) return rest;
  if (rest.charCodeAt(0) === 0x3f) return `/${rest}`;
  throw new HttpError(400, 'malformed absolute request target');
}

/** Where the line starting at `from` ends (its CRLF), or -1 for the last line; a lone CR or LF is refused. */
function lineEnd(text: string, from: number): number {
  const cr = text.indexOf('\r', from);
  const lf = text.indexOf('\n', from);
  if (cr === -1 && lf === -1) return -1;
  if (cr === -1 || lf !== cr + 1) throw new HttpError(400, 'bare CR or LF in header block');
  return cr;
}

/** text[from, to) without leading and trailing spaces and tabs. */
function trimOws(text: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && (text.charCodeAt(a) === 0x20 || text.charCodeAt(a) === 0x09)) a++;
  while (b > a && (text.charCodeAt(b - 1) === 0x20 || text.charCodeAt(b - 1) === 0x09)) b--;
  return text.slice(a, b);
}

function hasToken(list: string | undefined, token: string): boolean {
  if (list === undefined) return false;
  if (list === token) return true;
  for (const part of list.split(',')) if (part.trim() === token) return true;
  return false;
}
