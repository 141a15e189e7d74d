import { beforeAll, describe, expect, it } from 'vitest';
import { AwsError } from '../src/protocol/errors.js';
import { parseSigV4, verifySigV4, type SigV4Input } from '../src/protocol/sigv4/index.js';
import { CREDS, signedAtMs, smithyPresign, smithySign } from './fixtures/sigv4/signers.js';

/** What the verifier says about a request: 'ok', or the AWS code and message it refused it with. */
function outcome(input: SigV4Input, secret = CREDS.secretAccessKey, nowMs = signedAtMs(input)): string {
  try {
    verifySigV4(input, parseSigV4(input, nowMs), secret, nowMs);
    return 'ok';
  } catch (err) {
    if (!(err instanceof AwsError)) throw err;
    return `${err.code}: ${err.message}`;
  }
}

const MISMATCH =
  'InvalidSignatureException: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const withHeaders = (r: SigV4Input, h: Record<string, string | undefined>): SigV4Input => {
  const headers = { ...r.headers, ...h };
  for (const [k, v] of Object.entries(h)) if (v === undefined) delete headers[k];
  return { ...r, headers };
};
const authHeader = (r: SigV4Input): string => r.headers.authorization as string;

describe('SigV4 refuses a tampered header-signed request', () => {
  let base: SigV4Input;
  beforeAll(async () => {
    base = await smithySign({
      service: 'kms',
      path: '/p',
      query: { q: '1', r: 'two words' },
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.Encrypt', 'x-custom': 'v' },
      body: '{"KeyId":"alias/a","Plaintext":"AAEC"}',
      date: new Date('2024-03-01T12:00:00Z'),
    });
  });

  it('accepts it untouched', () => {
    expect(outcome(base)).toBe('ok');
  });

  it('refuses a changed method', () => {
    expect(outcome({ ...base, method: 'PUT' })).toBe(MISMATCH);
  });

  it('refuses a changed path', () => {
    expect(outcome({ ...base, rawPath: '/q' })).toBe(MISMATCH);
    expect(outcome({ ...base, rawPath: '/p/' })).toBe(MISMATCH);
  });

  it('refuses a changed, added or removed query parameter', () => {
    expect(outcome({ ...base, rawQuery: 'q=2&r=two%20words' })).toBe(MISMATCH);
    expect(outcome({ ...base, rawQuery: base.rawQuery + '&s=3' })).toBe(MISMATCH);
    expect(outcome({ ...base, rawQuery: 'q=1' })).toBe(MISMATCH);
  });

  it('refuses a change to each signed header, and its removal', async () => {
    const parsed = parseSigV4(base);
    expect(parsed.signedHeaders).toEqual(expect.arrayContaining(['host', 'x-amz-date', 'content-type', 'x-amz-target', 'x-custom']));
    for (const name of parsed.signedHeaders) {
      const value = base.headers[name] as string;
      const changed = name === 'x-amz-date' ? '20240301T120001Z' : value + 'x';
      expect(outcome(withHeaders(base, { [name]: changed })), name).toBe(MISMATCH);
      if (name !== 'x-amz-date') expect(outcome(withHeaders(base, { [name]: undefined })), name).toBe(MISMATCH);
    }
  });

  it('accepts changed and added unsigned headers', () => {
    expect(outcome(withHeaders(base, { 'user-agent': 'other', 'x-unsigned': 'anything', connection: 'close' }))).toBe('ok');
  });

  it('refuses a changed body, even by one byte or trailing whitespace', () => {
    expect(outcome({ ...base, body: Buffer.from('{"KeyId":"alias/b","Plaintext":"AAEC"}') })).toBe(MISMATCH);
    expect(outcome({ ...base, body: Buffer.concat([base.body, Buffer.from(' ')]) })).toBe(MISMATCH);
    expect(outcome({ ...base, body: Buffer.alloc(0) })).toBe(MISMATCH);
  });

  it('refuses a changed X-Amz-Date on another day as a scope error', () => {
    expect(outcome(withHeaders(base, { 'x-amz-date': '20240302T120000Z' }), CREDS.secretAccessKey, Date.parse('2024-03-02T12:00:00Z'))).toBe(
      "InvalidSignatureException: Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20240301' != '20240302', from '20240302T120000Z'. ",
    );
  });

  it('refuses a changed credential scope (region, service, date)', () => {
    const scope = (from: string, to: string) => withHeaders(base, { authorization: authHeader(base).replace(from, to) });
    expect(outcome(scope('/us-east-1/', '/us-west-2/'))).toBe(MISMATCH);
    expect(outcome(scope('/kms/', '/secretsmanager/'))).toBe(MISMATCH);
    expect(outcome(scope('/20240301/', '/20240302/'))).toMatch(/^InvalidSignatureException: Date in Credential scope does not match/);
  });

  it('refuses another access key id (its secret differs) and a wrong secret', () => {
    expect(outcome(withHeaders(base, { authorization: authHeader(base).replace(CREDS.accessKeyId, 'AKIDOTHER') }), 'other-secret')).toBe(MISMATCH);
    expect(outcome(base, CREDS.secretAccessKey + 'x')).toBe(MISMATCH);
    expect(outcome(base, CREDS.secretAccessKey.slice(1))).toBe(MISMATCH);
  });

  it('refuses a changed signature: one digit, upper case, truncated, extended', () => {
    const sig = /Signature=([0-9a-f]{64})/.exec(authHeader(base))![1]!;
    const flipped = sig.slice(0, 10) + (sig[10] === '0' ? '1' : '0') + sig.slice(11);
    // The same digit moved up by 256 code points: equal to it if the comparison folded to latin1.
    const folded = String.fromCharCode(sig.charCodeAt(0) + 256) + sig.slice(1);
    for (const other of [flipped, sig.toUpperCase(), sig.slice(0, 63), sig + '0', folded]) {
      expect(outcome(withHeaders(base, { authorization: authHeader(base).replace(sig, other) }))).toBe(MISMATCH);
    }
  });

  it('refuses a signed list that leaves a signed header out', () => {
    const fewer = authHeader(base).replace(';x-custom', '');
    expect(outcome(withHeaders(base, { authorization: fewer }))).toBe(MISMATCH);
  });
});

describe('SigV4 never trusts x-amz-content-sha256', () => {
  it('refuses a request signed over UNSIGNED-PAYLOAD', async () => {
    const req = await smithySign({ service: 'kms', body: '{}', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    expect(parseSigV4(req).signedHeaders).toContain('x-amz-content-sha256');
    expect(outcome(req)).toBe(MISMATCH);
  });

  it('refuses a signed hash of another body', async () => {
    const other = '44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a';
    const req = await smithySign({ service: 'kms', body: '{"a":1}', headers: { 'x-amz-content-sha256': other } });
    expect(outcome(req)).toBe(MISMATCH);
    expect(outcome({ ...req, body: Buffer.from('{"a":2}') })).toBe(MISMATCH);
  });

  it('accepts a signed hash that is the real one', async () => {
    const real = '015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862';
    expect(outcome(await smithySign({ service: 'kms', body: '{"a":1}', headers: { 'x-amz-content-sha256': real } }))).toBe('ok');
  });
});

describe('SigV4 refuses a tampered presigned URL', () => {
  let base: SigV4Input;
  beforeAll(async () => {
    base = await smithyPresign({
      method: 'GET',
      service: 'sts',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      expiresIn: 60,
      date: new Date('2024-03-01T12:00:00Z'),
    });
  });
  const edit = (from: RegExp, to: string): SigV4Input => ({ ...base, rawQuery: base.rawQuery.replace(from, to) });

  it('accepts it untouched', () => {
    expect(outcome(base)).toBe('ok');
  });

  it('refuses a longer X-Amz-Expires, another action, another date or signed-header list', () => {
    expect(outcome(edit(/X-Amz-Expires=60/, 'X-Amz-Expires=3600'))).toBe(MISMATCH);
    expect(outcome(edit(/Action=GetCallerIdentity/, 'Action=AssumeRole'))).toBe(MISMATCH);
    expect(outcome(edit(/X-Amz-Date=20240301T120000Z/, 'X-Amz-Date=20240301T120010Z'))).toBe(MISMATCH);
    expect(outcome(edit(/X-Amz-SignedHeaders=host/, 'X-Amz-SignedHeaders=host%3Bx-other'))).toBe(MISMATCH);
    expect(outcome({ ...base, rawQuery: base.rawQuery + '&Extra=1' })).toBe(MISMATCH);
  });

  it('refuses a changed signature, method or host', () => {
    expect(outcome(edit(/X-Amz-Signature=[0-9a-f]/, 'X-Amz-Signature=g'))).toBe(MISMATCH);
    expect(outcome({ ...base, method: 'POST' })).toBe(MISMATCH);
    expect(outcome(withHeaders(base, { host: 'evil:4566' }))).toBe(MISMATCH);
  });
});
