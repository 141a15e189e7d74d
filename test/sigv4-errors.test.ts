import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../src/protocol/errors.js';
import { parseSigV4, verifySigV4, type SigV4Input } from '../src/protocol/sigv4/index.js';
import { CREDS, smithyPresign, smithySign } from './fixtures/sigv4/signers.js';

const AT = '20240301T120000Z';
const AT_MS = Date.parse('2024-03-01T12:00:00Z');
const GOOD_AUTH = `AWS4-HMAC-SHA256 Credential=${CREDS.accessKeyId}/20240301/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=${'0'.repeat(64)}`;

function request(headers: Record<string, string>, rawQuery = ''): SigV4Input {
  return { method: 'POST', rawPath: '/', rawQuery, headers: { host: 'localhost:4566', ...headers }, body: Buffer.alloc(0) };
}
const withAuth = (authorization: string, extra: Record<string, string> = { 'x-amz-date': AT }) => request({ authorization, ...extra });

/** The AWS error parseSigV4 (and, when it passes, verifySigV4) refuses the request with. */
function refusal(input: SigV4Input, nowMs: number | undefined = AT_MS): { code: string; message: string; status: number } {
  try {
    const parsed = parseSigV4(input, nowMs);
    verifySigV4(input, parsed, CREDS.secretAccessKey, nowMs ?? AT_MS);
  } catch (err) {
    if (err instanceof AwsError) return { code: err.code, message: err.message, status: err.status };
    throw err;
  }
  throw new Error('request was accepted');
}

describe('no signature at all', () => {
  it('is MissingAuthenticationTokenException', () => {
    expect(refusal(request({}))).toEqual({ code: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token', status: 400 });
    // Presigned parameters without X-Amz-Algorithm do not make a presigned request.
    expect(refusal(request({}, 'X-Amz-Credential=a&X-Amz-Signature=b')).code).toBe('MissingAuthenticationTokenException');
  });

  it('both forms at once are refused', () => {
    expect(refusal(request({ authorization: GOOD_AUTH, 'x-amz-date': AT }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'))).toMatchObject({
      code: 'InvalidSignatureException',
      message: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
    });
  });
});

describe('malformed Authorization header (IncompleteSignatureException)', () => {
  it('names the first token without an equal sign', () => {
    const auth = `AWS4-HMAC-SHA256 Credential=${CREDS.accessKeyId} /20240301/us-east-1/kms/aws4_request, SignedHeaders=host;x-amz-date, Signature=abc`;
    expect(refusal(withAuth(auth))).toEqual({
      code: 'IncompleteSignatureException',
      message: `'/20240301/us-east-1/kms/aws4_request' not a valid key=value pair (missing equal-sign) in Authorization header: '${auth}'.`,
      status: 400,
    });
    expect(refusal(withAuth('Bearer token')).message).toBe(
      "'token' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer token'.",
    );
  });

  it('lists every missing parameter, then the header', () => {
    expect(refusal(withAuth('AWS4-HMAC-SHA256 Credential=ABCDEF')).message).toBe(
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter. Authorization=AWS4-HMAC-SHA256 Credential=ABCDEF",
    );
    expect(refusal(withAuth('eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig', {})).message).toBe(
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. " +
        'Authorization=eyJ0eXAiOiJKV1QiLCJhbGciOiJIUzI1NiJ9.e30.sig',
    );
  });

  it.each([
    ['Credential', GOOD_AUTH.replace(/Credential=[^,]+, /, ''), { 'x-amz-date': AT }],
    ['Signature', GOOD_AUTH.replace(/, Signature=.*/, ''), { 'x-amz-date': AT }],
    ['SignedHeaders', GOOD_AUTH.replace(/SignedHeaders=[^,]+, /, ''), { 'x-amz-date': AT }],
  ])('requires %s', (name, auth, headers) => {
    expect(refusal(withAuth(auth, headers))).toMatchObject({
      code: 'IncompleteSignatureException',
      message: `Authorization header requires '${name}' parameter. Authorization=${auth}`,
    });
  });

  it('requires X-Amz-Date or Date', () => {
    expect(refusal(withAuth(GOOD_AUTH, {})).message).toBe(
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${GOOD_AUTH}`,
    );
  });

  it('requires the date in ISO-8601 basic format', () => {
    for (const bad of ['201', '2024-03-01T12:00:00Z', '20240230T120000Z', '20230229T120000Z', '20240301T240000Z', '00500101T000000Z', '20240301T120000']) {
      expect(refusal(withAuth(GOOD_AUTH, { 'x-amz-date': bad }))).toMatchObject({
        code: 'IncompleteSignatureException',
        message: `Date must be in ISO-8601 'basic format'. Got '${bad}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      });
    }
  });

  it("requires 'host' among the signed headers", () => {
    expect(refusal(withAuth(GOOD_AUTH.replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date')))).toMatchObject({
      code: 'InvalidSignatureException',
      message: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
    });
  });

  it('refuses another algorithm', () => {
    expect(refusal(withAuth(GOOD_AUTH.replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA25')))).toMatchObject({
      code: 'IncompleteSignatureException',
      message: "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA25' (only AWS4-HMAC-SHA256 for now). ",
    });
  });

  it('requires five credential elements', () => {
    expect(refusal(withAuth(GOOD_AUTH.replace(/Credential=[^,]+/, 'Credential=a/b/c/d')))).toMatchObject({
      code: 'IncompleteSignatureException',
      message: "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'a/b/c/d'",
    });
  });

  it('splits the credential as split("/") would, trailing slashes ignored', () => {
    // Every string of 1 to 7 characters over {a, /}: the same refusal or the same scope as a reading by split().
    const bySplit = (c: string): string[] | undefined => {
      const parts = c.replace(/\/+$/, '').split('/');
      return parts.length === 5 ? parts : undefined;
    };
    for (let len = 1; len <= 7; len++) {
      for (let bits = 0; bits < 1 << len; bits++) {
        let cred = '';
        for (let i = 0; i < len; i++) cred += bits & (1 << i) ? '/' : 'a';
        const r = refusal(withAuth(GOOD_AUTH.replace(/Credential=[^,]+/, `Credential=${cred}`)));
        const parts = bySplit(cred);
        if (parts === undefined) expect(r.message, cred).toContain('exactly 5 slash-delimited elements');
        else expect(r.message, cred).not.toContain('slash-delimited');
      }
    }
  });

  it('reads the Authorization header alike with and without unusual whitespace', () => {
    const unusual = [
      GOOD_AUTH.replace(', ', ',\t'),
      ' ' + GOOD_AUTH + ' \u00a0',
      GOOD_AUTH.replace('AWS4-HMAC-SHA256 ', 'AWS4-HMAC-SHA256\u2003'),
      GOOD_AUTH.replace(', Signature', ',\n Signature'),
      GOOD_AUTH.replace(', Signature', ' ,, Signature'),
    ];
    const plain = refusal(withAuth(GOOD_AUTH));
    for (const a of unusual) expect(refusal(withAuth(a)), JSON.stringify(a)).toEqual(plain);
    expect(refusal(withAuth(GOOD_AUTH.replace(', Signature', ', Sig\u00e9nature')))).toMatchObject({
      code: 'IncompleteSignatureException',
    });
    expect(refusal(withAuth(GOOD_AUTH.replace(', Signature=', ', junk Signature=')))).toMatchObject({
      message: expect.stringContaining("'junk' not a valid key=value pair"),
    });
  });

  it('reports every wrong piece of the scope at once', () => {
    const input = { ...withAuth(GOOD_AUTH.replace(/Credential=[^,]+/, 'Credential=AKID/b/c_1/d/e')), service: 'kms' };
    expect(refusal(input)).toMatchObject({
      code: 'InvalidSignatureException',
      message:
        "Credential should be scoped to a valid region, not 'c_1'. Credential should be scoped to correct service: 'kms'. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'e'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: 'b' != '20240301', from '20240301T120000Z'. ",
    });
  });

  it('checks in AWS order: missing parameters, date, clock, host, algorithm, credential', () => {
    const noSig = 'AWS4-HMAC-SHA512 Credential=a/b, SignedHeaders=x';
    expect(refusal(withAuth(noSig, { 'x-amz-date': 'bad' })).message).toMatch(/^Authorization header requires 'Signature'/);
    const all = 'AWS4-HMAC-SHA512 Credential=a/b, SignedHeaders=x, Signature=y';
    expect(refusal(withAuth(all, { 'x-amz-date': 'bad' })).message).toMatch(/^Date must be/);
    expect(refusal(withAuth(all, { 'x-amz-date': '20200101T000000Z' })).message).toMatch(/^Signature expired/);
    expect(refusal(withAuth(all)).message).toMatch(/^'Host'/);
    expect(refusal(withAuth(all.replace('=x,', '=host,'))).message).toMatch(/^Unsupported AWS 'algorithm'/);
    expect(refusal(withAuth(all.replace('=x,', '=host,').replace('SHA512', 'SHA256'))).message).toMatch(/^Credential must have/);
  });
});

describe('clock skew', () => {
  it('refuses a request more than 5 minutes old with AWS text', () => {
    const input = withAuth(GOOD_AUTH.replace('20240301', '20190430'), { 'x-amz-date': '20190430T075732Z' });
    expect(refusal(input, Date.parse('2019-04-30T10:59:09Z'))).toEqual({
      code: 'InvalidSignatureException',
      message: 'Signature expired: 20190430T075732Z is now earlier than 20190430T105409Z (20190430T105909Z - 5 min.)',
      status: 400,
    });
  });

  it('refuses a request more than 5 minutes ahead with AWS text', () => {
    const input = withAuth(GOOD_AUTH.replace('20240301', '20181120'), { 'x-amz-date': '20181120T211543Z' });
    expect(refusal(input, Date.parse('2018-11-20T21:10:29Z')).message).toBe(
      'Signature not yet current: 20181120T211543Z is still later than 20181120T211529Z (20181120T211029Z + 5 min.)',
    );
  });

  it('accepts exactly 5 minutes either way, and checks the clock in verify too', async () => {
    const req = await smithySign({ service: 'kms', body: '{}', date: new Date(AT_MS) });
    for (const now of [AT_MS - 300_000, AT_MS + 300_999]) verifySigV4(req, parseSigV4(req, now), CREDS.secretAccessKey, now);
    const parsed = parseSigV4(req); // no clock given: the verifier still checks it
    expect(() => verifySigV4(req, parsed, CREDS.secretAccessKey, AT_MS + 301_000)).toThrow(/^Signature expired: 20240301T120000Z/);
    expect(() => verifySigV4(req, parsed, CREDS.secretAccessKey, AT_MS - 301_000)).toThrow(/^Signature not yet current/);
  });
});

describe('the Date header instead of X-Amz-Date', () => {
  it('is accepted in HTTP-date form and signed as its basic-format stamp', () => {
    const headers = { host: 'localhost:4566', date: 'Fri, 01 Mar 2024 12:00:00 GMT' };
    const creq = `POST\n/\n\ndate:${headers.date}\nhost:${headers.host}\n\ndate;host\n${createHash('sha256').update('').digest('hex')}`;
    const sts = `AWS4-HMAC-SHA256\n${AT}\n20240301/us-east-1/kms/aws4_request\n${createHash('sha256').update(creq).digest('hex')}`;
    let key: Buffer | string = 'AWS4' + CREDS.secretAccessKey;
    for (const part of ['20240301', 'us-east-1', 'kms', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(sts).digest('hex');
    const input = request({
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${CREDS.accessKeyId}/20240301/us-east-1/kms/aws4_request, SignedHeaders=date;host, Signature=${signature}`,
    });
    const parsed = parseSigV4(input, AT_MS);
    expect(parsed.amzDate).toBe(AT);
    verifySigV4(input, parsed, CREDS.secretAccessKey, AT_MS);
  });
});

describe('presigned URLs', () => {
  const presignedQuery = (params: Record<string, string>) =>
    Object.entries(params)
      .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
      .join('&');
  const full = {
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${CREDS.accessKeyId}/20240301/us-east-1/sts/aws4_request`,
    'X-Amz-Date': AT,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host',
    'X-Amz-Signature': '0'.repeat(64),
  };
  const presigned = (params: Record<string, string>) => request({}, presignedQuery(params));

  it('lists every missing parameter', () => {
    expect(refusal(request({}, 'X-Amz-Algorithm=AWS4-HMAC-SHA256'))).toMatchObject({
      code: 'IncompleteSignatureException',
      message:
        "AWS query-string parameters must include 'X-Amz-Credential'. AWS query-string parameters must include 'X-Amz-Signature'. " +
        "AWS query-string parameters must include 'X-Amz-SignedHeaders'. AWS query-string parameters must include 'X-Amz-Date'. " +
        'Re-examine the query-string parameters.',
    });
    const { 'X-Amz-Date': _d, ...noDate } = full;
    expect(refusal(presigned(noDate)).message).toBe(
      "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });

  it('validates X-Amz-Expires', () => {
    expect(refusal(presigned({ ...full, 'X-Amz-Expires': 'soon' }))).toMatchObject({
      code: 'IncompleteSignatureException',
      message: 'X-Amz-Expires should be a number',
    });
    expect(refusal(presigned({ ...full, 'X-Amz-Expires': '-1' })).message).toBe('X-Amz-Expires must be non-negative');
    expect(refusal(presigned({ ...full, 'X-Amz-Expires': '604801' })).message).toBe(
      'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  });

  it('refuses another algorithm and a bad scope like the header form', () => {
    expect(refusal(presigned({ ...full, 'X-Amz-Algorithm': 'AWS4-ECDSA-P256-SHA256' })).message).toBe(
      "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). ",
    );
    expect(refusal(presigned({ ...full, 'X-Amz-Credential': 'AKID/20240302/us-east-1/sts/aws4_request' })).message).toMatch(
      /^Date in Credential scope does not match/,
    );
    expect(refusal(presigned({ ...full, 'X-Amz-SignedHeaders': 'x-amz-date' })).message).toMatch(/^'Host'/);
  });

  it('is good until X-Amz-Expires after its date, then expired with AWS-style text', async () => {
    const req = await smithyPresign({ method: 'GET', service: 'sts', query: { Action: 'GetCallerIdentity' }, expiresIn: 90, date: new Date(AT_MS) });
    verifySigV4(req, parseSigV4(req, AT_MS + 90_000), CREDS.secretAccessKey, AT_MS + 90_000);
    expect(refusal(req, AT_MS + 91_000)).toEqual({
      code: 'InvalidSignatureException',
      message: 'Signature expired: 20240301T120000Z is now earlier than 20240301T120001Z (20240301T120131Z - 90 sec.)',
      status: 400,
    });
    const week = await smithyPresign({ method: 'GET', service: 'sts', query: {}, expiresIn: 604800, date: new Date(AT_MS) });
    verifySigV4(week, parseSigV4(week, AT_MS + 604_800_000), CREDS.secretAccessKey, AT_MS + 604_800_000);
    expect(refusal(week, AT_MS + 604_801_000).message).toBe(
      'Signature expired: 20240301T120000Z is now earlier than 20240301T120001Z (20240308T120001Z - 10080 min.)',
    );
  });

  it('is not yet current more than 5 minutes before its date', async () => {
    const req = await smithyPresign({ method: 'GET', service: 'sts', query: {}, expiresIn: 3600, date: new Date(AT_MS) });
    expect(refusal(req, AT_MS - 301_000).message).toMatch(/^Signature not yet current: 20240301T120000Z is still later than/);
  });
});
