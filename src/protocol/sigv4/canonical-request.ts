import type { SigV4Input } from './types.js';
import { uriEncode } from './uri-encode.js';

/**
 * The canonical URI the AWS SDKs compute for every service but S3: the path as
 * sent (already percent-encoded once), with empty, '.' and '..' segments removed,
 * then URI-encoded again segment by segment. So '/a%20b' signs as '/a%2520b'.
 * @smithy/signature-v4 getCanonicalPath and botocore SigV4Auth._normalize_url_path
 * agree on this; the JSON and query services use '/' anyway.
 */
export function canonicalPath(rawPath: string): string {
  if (rawPath === '/' || rawPath === '') return '/';
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const lead = rawPath.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return lead + segments.join('/') + trail;
}

/** Trimmed, with every run of whitespace collapsed to one space (the SDKs' "trimall"). */
function trimAll(value: string): string {
  const t = value.trim();
  return /\s\s|[^\S ]/.test(t) ? t.replace(/\s+/g, ' ') : t;
}

/** A header's canonical value: each occurrence trimmed, occurrences joined with ','. */
export function canonicalHeaderValue(req: SigV4Input, name: string): string {
  const raw = req.rawHeaders;
  if (raw !== undefined) {
    let out: string | undefined;
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const n = raw[i]!;
      if (n.length === name.length && n.toLowerCase() === name) {
        const v = trimAll(raw[i + 1]!);
        out = out === undefined ? v : out + ',' + v;
      }
    }
    return out ?? '';
  }
  const v = req.headers[name];
  if (v === undefined) return '';
  return typeof v === 'string' ? trimAll(v) : v.map(trimAll).join(',');
}

export function canonicalRequest(
  req: SigV4Input,
  signedHeaders: readonly string[],
  canonicalQueryString: string,
  payloadHash: string,
): string {
  let headers = '';
  for (const name of signedHeaders) headers += name + ':' + canonicalHeaderValue(req, name) + '\n';
  return (
    req.method + '\n' +
    canonicalPath(req.rawPath) + '\n' +
    canonicalQueryString + '\n' +
    headers + '\n' +
    signedHeaders.join(';') + '\n' +
    payloadHash
  );
}
