import { createHash, createHmac } from 'node:crypto';

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SignedRequest {
  method: 'POST';
  path: '/';
  /** Header names in lower case, Host included. */
  headers: Record<string, string>;
  body: string;
}

const sha256hex = (data: string): string => createHash('sha256').update(data, 'utf8').digest('hex');
const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** "20260101T000000Z" for a Date. */
export function amzDate(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * A SigV4 header-signed POST to "/", written independently of coffer's verifier so the
 * bench exercises the real check. The same request may be replayed while its date is
 * inside the 5-minute window, which is how wrk sends it.
 */
export function signPost(opts: {
  host: string;
  service: string;
  region: string;
  credentials: Credentials;
  contentType: string;
  target?: string;
  body: string;
  at?: Date;
}): SignedRequest {
  const date = amzDate(opts.at ?? new Date());
  const day = date.slice(0, 8);
  const headers: Record<string, string> = {
    'content-type': opts.contentType,
    host: opts.host,
    'x-amz-date': date,
  };
  if (opts.target !== undefined) headers['x-amz-target'] = opts.target;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${headers[n]!.trim()}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256hex(opts.body)].join('\n');
  const scope = `${day}/${opts.region}/${opts.service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', date, scope, sha256hex(canonicalRequest)].join('\n');
  const kDate = hmac(`AWS4${opts.credentials.secretAccessKey}`, day);
  const kSigning = hmac(hmac(hmac(kDate, opts.region), opts.service), 'aws4_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  headers.authorization =
    `AWS4-HMAC-SHA256 Credential=${opts.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { method: 'POST', path: '/', headers, body: opts.body };
}

/** The same request as raw HTTP/1.1 bytes, for wrk scripts that cycle through many. */
export function rawHttp(req: SignedRequest): string {
  const lines = [`${req.method} ${req.path} HTTP/1.1`];
  for (const [k, v] of Object.entries(req.headers)) lines.push(`${k}: ${v}`);
  lines.push(`content-length: ${Buffer.byteLength(req.body)}`);
  return lines.join('\r\n') + '\r\n\r\n' + req.body;
}
