import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, parseQuery } from '../src/protocol/sigv4/canonical-query.js';
import { canonicalHeaderValue, canonicalPath, canonicalRequest } from '../src/protocol/sigv4/canonical-request.js';
import { deriveSigningKey, parseSigV4, SigningKey, SigningKeyCache, verifySigV4, type SigV4Input } from '../src/protocol/sigv4/index.js';
import { CREDS } from './fixtures/sigv4/signers.js';

/** The worked example in the AWS General Reference (IAM ListUsers, 2015-08-30). */
const DOC_EXAMPLE: SigV4Input = {
  method: 'GET',
  rawPath: '/',
  rawQuery: 'Action=ListUsers&Version=2010-05-08',
  headers: {
    'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
    host: 'iam.amazonaws.com',
    'x-amz-date': '20150830T123600Z',
    authorization:
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  },
  body: Buffer.alloc(0),
};

describe('AWS documentation example', () => {
  it('derives the documented signing key', () => {
    expect(deriveSigningKey(CREDS.secretAccessKey, '20150830', 'us-east-1', 'iam').toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
  });

  it('builds the documented canonical request and accepts the documented signature', () => {
    const parsed = parseSigV4(DOC_EXAMPLE);
    expect(canonicalRequest(DOC_EXAMPLE, parsed.signedHeaders, parsed.canonicalQuery, 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe(
      'GET\n/\nAction=ListUsers&Version=2010-05-08\ncontent-type:application/x-www-form-urlencoded; charset=utf-8\nhost:iam.amazonaws.com\nx-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    verifySigV4(DOC_EXAMPLE, parsed, CREDS.secretAccessKey, Date.parse('2015-08-30T12:36:00Z'));
  });
});

describe('canonical URI (the SDKs encode the sent path once more, for all services but S3)', () => {
  it.each([
    ['/', '/'],
    ['', '/'],
    ['/a/b', '/a/b'],
    ['/a//b/./c/../d/', '/a/b/d/'],
    ['/a%20b', '/a%2520b'],
    ['/a%2Fb', '/a%252Fb'],
    ['/é', '/%C3%A9'],
    ['/x~y.z_-', '/x~y.z_-'],
    ['/a b*', '/a%20b%2A'],
    ['/../a', '/a'],
  ])('%s -> %s', (raw, canonical) => {
    expect(canonicalPath(raw)).toBe(canonical);
  });
});

describe('canonical query', () => {
  const cq = (raw: string, exclude?: string) => canonicalQuery(parseQuery(raw), exclude);

  it('sorts by encoded key, then value, and normalizes the encoding', () => {
    expect(cq('b=2&a=1&b=1')).toBe('a=1&b=1&b=2');
    expect(cq('k=%7e&K=%2f&sp=a%20b&plus=a+b&x')).toBe('K=%2F&k=~&plus=a%2Bb&sp=a%20b&x=');
    expect(cq('u=%C3%A9&v=é')).toBe('u=%C3%A9&v=%C3%A9');
  });

  it('sorts a key before a longer key it prefixes, whatever the value', () => {
    // Sorting whole "k=v" strings would put a-b=1 first ('-' < '=').
    expect(cq('a-b=1&a=2')).toBe('a=2&a-b=1');
  });

  it('leaves out X-Amz-Signature only when asked', () => {
    expect(cq('X-Amz-Signature=abc&a=1', 'X-Amz-Signature')).toBe('a=1');
    expect(cq('X-Amz-Signature=abc&a=1')).toBe('X-Amz-Signature=abc&a=1');
  });

  it('skips empty pieces and keeps malformed escapes literal', () => {
    expect(cq('&&a=1&')).toBe('a=1');
    expect(cq('a=%zz&b=%4')).toBe('a=%25zz&b=%254');
  });
});

describe('canonical header values', () => {
  const req = (headers: SigV4Input['headers'], rawHeaders?: string[]): SigV4Input => ({
    method: 'GET',
    rawPath: '/',
    rawQuery: '',
    headers,
    body: Buffer.alloc(0),
    ...(rawHeaders ? { rawHeaders } : {}),
  });

  it('trims and collapses whitespace runs', () => {
    expect(canonicalHeaderValue(req({ 'x-a': '  a   b \t c  ' }), 'x-a')).toBe('a b c');
    expect(canonicalHeaderValue(req({}), 'x-a')).toBe('');
  });

  it('joins repeated headers with a comma, from rawHeaders when given', () => {
    expect(canonicalHeaderValue(req({ 'x-a': ['1', ' 2 '] }), 'x-a')).toBe('1,2');
    expect(canonicalHeaderValue(req({ 'x-a': '1, 2' }, ['X-A', '1', 'Host', 'h', 'x-a', '  2  ']), 'x-a')).toBe('1,2');
  });
});

describe('signing key cache', () => {
  it('derives each key once and returns the same key after', () => {
    const cache = new SigningKeyCache(10);
    const a = cache.get('secret', '20240301', 'us-east-1', 'kms');
    expect(cache.get('secret', '20240301', 'us-east-1', 'kms')).toBe(a);
    expect(a.key.equals(deriveSigningKey('secret', '20240301', 'us-east-1', 'kms'))).toBe(true);
    expect(cache.size).toBe(1);
  });

  it('never answers a changed secret with the old key', () => {
    const cache = new SigningKeyCache(10);
    const a = cache.get('secret-1', '20240301', 'us-east-1', 'kms');
    const b = cache.get('secret-2', '20240301', 'us-east-1', 'kms');
    expect(b.key.equals(a.key)).toBe(false);
    expect(b.key.equals(deriveSigningKey('secret-2', '20240301', 'us-east-1', 'kms'))).toBe(true);
  });

  it('keys on date, region and service too', () => {
    const cache = new SigningKeyCache(10);
    cache.get('s', '20240301', 'us-east-1', 'kms');
    cache.get('s', '20240302', 'us-east-1', 'kms');
    cache.get('s', '20240301', 'eu-west-1', 'kms');
    cache.get('s', '20240301', 'us-east-1', 'sts');
    expect(cache.size).toBe(4);
  });

  it('stays bounded, evicting the least recently used', () => {
    const cache = new SigningKeyCache(3);
    const first = cache.get('s1', 'd', 'r', 'svc');
    cache.get('s2', 'd', 'r', 'svc');
    cache.get('s3', 'd', 'r', 'svc');
    expect(cache.get('s1', 'd', 'r', 'svc')).toBe(first); // s1 is now the most recent
    cache.get('s4', 'd', 'r', 'svc'); // evicts s2
    expect(cache.size).toBe(3);
    expect(cache.get('s1', 'd', 'r', 'svc')).toBe(first);
    const s2 = cache.get('s2', 'd', 'r', 'svc');
    expect(s2.key.equals(deriveSigningKey('s2', 'd', 'r', 'svc'))).toBe(true);
    expect(cache.size).toBe(3);
  });

  it('signs as HMAC-SHA256 does, for short, long and non-ASCII strings, and again after a long one', () => {
    const raw = deriveSigningKey('secret', '20240301', 'us-east-1', 'kms');
    const key = new SigningKey(raw);
    const messages = ['', 'a', 'AWS4-HMAC-SHA256\n20240301T000000Z\n20240301/us-east-1/kms/aws4_request\n' + 'f'.repeat(64), 'x'.repeat(149), 'x'.repeat(150), 'ü'.repeat(200), '\u{1F600}'.repeat(300), 'y'.repeat(5000), 'short again'];
    for (const m of messages) expect(key.signHex(m)).toBe(createHmac('sha256', raw).update(m, 'utf8').digest('hex'));
  });

  it('does not keep the secret in its keys', () => {
    const cache = new SigningKeyCache(3);
    cache.get('super-secret-value', 'd', 'r', 'svc');
    const keys = [...(cache as unknown as { keys: Map<string, Buffer> }).keys.keys()];
    expect(keys.join()).not.toContain('super-secret-value');
  });
});

describe('X-Amz-Date parsing', () => {
  it('accepts real instants, leap days included', async () => {
    const { parseAmzDate } = await import('../src/protocol/sigv4/amz-date.js');
    expect(parseAmzDate('20240229T235959Z')).toBe(Date.parse('2024-02-29T23:59:59Z') / 1000);
    expect(parseAmzDate('20000229T000000Z')).toBe(Date.parse('2000-02-29T00:00:00Z') / 1000);
    expect(parseAmzDate('21000229T000000Z')).toBeUndefined();
    expect(parseAmzDate('20241301T000000Z')).toBeUndefined();
  });
});
