import { parseAmzDate, parseRequestDate } from './amz-date.js';
import { canonicalQuery, parseQuery, queryParam, type QueryPair } from './canonical-query.js';
import { parseCredential, type CredentialScope } from './credential-scope.js';
import { BOTH_AUTH_FORMS, HOST_NOT_SIGNED, incompleteSignature, invalidSignature, missingAuthenticationToken } from './errors.js';
import { checkRequestTime, MAX_EXPIRES_SECONDS } from './request-time.js';
import type { ParsedSigV4, SigV4Input } from './types.js';

export const ALGORITHM = 'AWS4-HMAC-SHA256';
const SIGNATURE_PARAM = 'X-Amz-Signature';
const NO_PAIRS: QueryPair[] = [];

/**
 * Read the signature's parameters from the Authorization header or the presigned
 * query, checking them in AWS's order: both/neither form, key=value syntax, missing
 * parameters, date format, clock (when nowMs is given), 'host' signed, algorithm,
 * credential shape, credential scope. Throws AwsError; never looks at the secret.
 */
export function parseSigV4(req: SigV4Input, nowMs?: number): ParsedSigV4 {
  const auth = req.headers.authorization;
  const pairs = req.rawQuery === '' ? NO_PAIRS : parseQuery(req.rawQuery);
  const algorithmParam = pairs === NO_PAIRS ? undefined : queryParam(pairs, 'X-Amz-Algorithm');
  if (auth !== undefined && algorithmParam !== undefined) throw invalidSignature(BOTH_AUTH_FORMS);
  if (auth !== undefined) return fromHeader(req, auth, pairs, nowMs);
  if (algorithmParam !== undefined) return fromQuery(req, pairs, nowMs);
  throw missingAuthenticationToken();
}

function fromHeader(req: SigV4Input, auth: string, pairs: QueryPair[], nowMs: number | undefined): ParsedSigV4 {
  const trimmed = auth.trim();
  const space = trimmed.search(/\s/);
  const algorithm = space === -1 ? trimmed : trimmed.slice(0, space);
  let credential: string | undefined;
  let signedHeaders: string | undefined;
  let signature: string | undefined;
  if (space !== -1) {
    for (const token of trimmed.slice(space + 1).split(/[\s,]+/)) {
      if (token === '') continue;
      const eq = token.indexOf('=');
      if (eq === -1) {
        throw incompleteSignature(`'${token}' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`);
      }
      const key = token.slice(0, eq);
      // The last occurrence of a repeated parameter wins, as at AWS.
      if (key === 'Credential') credential = token.slice(eq + 1);
      else if (key === 'SignedHeaders') signedHeaders = token.slice(eq + 1);
      else if (key === 'Signature') signature = token.slice(eq + 1);
    }
  }
  const dateHeader = firstHeader(req, 'x-amz-date') || firstHeader(req, 'date');
  let missing = '';
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (signedHeaders === undefined) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (!dateHeader) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing !== '') throw incompleteSignature(missing + 'Authorization=' + auth);

  const time = parseRequestDate(dateHeader!);
  if (time === undefined) throw badDate(dateHeader!);
  if (nowMs !== undefined) checkRequestTime(time.amzDate, time.seconds, undefined, nowMs);
  const headerNames = signedHeaderList(signedHeaders!);
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}' (only ${ALGORITHM} for now). `);
  }
  const scope = parseCredential(credential!, time.amzDate, req.service);
  return parsed(scope, headerNames, signature!, time.amzDate, time.seconds, firstHeader(req, 'x-amz-security-token'), false, undefined, canonicalQuery(pairs));
}

function fromQuery(req: SigV4Input, pairs: QueryPair[], nowMs: number | undefined): ParsedSigV4 {
  const algorithm = queryParam(pairs, 'X-Amz-Algorithm');
  const credential = queryParam(pairs, 'X-Amz-Credential');
  const signature = queryParam(pairs, SIGNATURE_PARAM);
  const signedHeaders = queryParam(pairs, 'X-Amz-SignedHeaders');
  const date = queryParam(pairs, 'X-Amz-Date');
  let missing = '';
  if (!algorithm) missing += "AWS query-string parameters must include 'X-Amz-Algorithm'. ";
  if (!credential) missing += "AWS query-string parameters must include 'X-Amz-Credential'. ";
  if (!signature) missing += "AWS query-string parameters must include 'X-Amz-Signature'. ";
  if (!signedHeaders) missing += "AWS query-string parameters must include 'X-Amz-SignedHeaders'. ";
  if (!date) missing += "AWS query-string parameters must include 'X-Amz-Date'. ";
  if (missing !== '') throw incompleteSignature(missing + 'Re-examine the query-string parameters.');

  const seconds = parseAmzDate(date!);
  if (seconds === undefined) throw badDate(date!);
  const expires = queryParam(pairs, 'X-Amz-Expires');
  const expiresSeconds = expires === undefined ? undefined : parseExpires(expires);
  if (nowMs !== undefined) checkRequestTime(date!, seconds, expiresSeconds, nowMs);
  const headerNames = signedHeaderList(signedHeaders!);
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm!}' (only ${ALGORITHM} for now). `);
  }
  const scope = parseCredential(credential!, date!, req.service);
  const token = queryParam(pairs, 'X-Amz-Security-Token');
  return parsed(scope, headerNames, signature!, date!, seconds, token, true, expiresSeconds, canonicalQuery(pairs, SIGNATURE_PARAM));
}

/** One object shape for every result (spreading optional members costs more than the rest of the parse). */
function parsed(
  scope: CredentialScope,
  signedHeaders: string[],
  signature: string,
  amzDate: string,
  timeSeconds: number,
  sessionToken: string | undefined,
  presigned: boolean,
  expiresSeconds: number | undefined,
  canonicalQueryString: string,
): ParsedSigV4 {
  return {
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    signedHeaders,
    signature,
    amzDate,
    sessionToken: sessionToken || undefined,
    presigned,
    expiresSeconds,
    timeSeconds,
    scope: scope.scope,
    canonicalQuery: canonicalQueryString,
  };
}

/** The first value of a header: node joins some repeated headers with ', ' and keeps arrays for others. */
function firstHeader(req: SigV4Input, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : v?.[0];
}

function badDate(value: string) {
  return incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

/** Lists already read: a client sends the same few on every request. Shared, so frozen. */
const headerLists = new Map<string, string[]>();

/** Header names are matched without regard to case; 'host' must be among them. */
function signedHeaderList(value: string): string[] {
  const known = headerLists.get(value);
  if (known !== undefined) return known;
  const names = value.toLowerCase().split(';');
  if (!names.includes('host')) throw invalidSignature(HOST_NOT_SIGNED);
  Object.freeze(names);
  if (headerLists.size >= 256) headerLists.clear();
  headerLists.set(value, names);
  return names;
}

/** The texts S3 uses for a bad X-Amz-Expires; the JSON services publish none of their own. */
function parseExpires(value: string): number {
  if (!/^-?\d+$/.test(value)) throw incompleteSignature('X-Amz-Expires should be a number');
  const n = Number(value);
  if (n < 0) throw incompleteSignature('X-Amz-Expires must be non-negative');
  if (n > MAX_EXPIRES_SECONDS) {
    throw incompleteSignature(
      `X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than ${MAX_EXPIRES_SECONDS} seconds`,
    );
  }
  return n;
}
