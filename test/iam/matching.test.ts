import { describe, expect, it } from 'vitest';
import { arnMatches, compileArnPattern, parseArn } from '../../src/iam/arn.js';
import { parseDate } from '../../src/iam/dates.js';
import { cidrContains, parseCidr, parseIp } from '../../src/iam/ip.js';
import { notPrincipalCovers, parsePrincipal, principalMatch } from '../../src/iam/principals.js';
import { compileGlob, globMatches } from '../../src/iam/wildcard.js';
import { PRINCIPALS } from './fixtures.js';

describe('glob matching', () => {
  const table: [pattern: string, subject: string, matches: boolean][] = [
    ['*', '', true],
    ['*', 'anything', true],
    ['**', 'x', true],
    ['abc', 'abc', true],
    ['abc', 'abcd', false],
    ['a*', 'a', true],
    ['*a', 'ba', true],
    ['*a', 'ab', false],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'aXcYb', false],
    ['a*b', 'ab', true],
    ['ab*b', 'ab', false],
    ['a?c', 'abc', true],
    ['a?c', 'abbc', false],
    ['??', 'ab', true],
    ['*?', '', false],
    ['*x?z*', '123xyz456', true],
    ['*aab', 'aaab', true],
    ['a*a*a', 'aaa', true],
    ['a*a*a', 'aa', false],
    ['*.txt', 'dir/file.txt', true],
  ];
  for (const [pattern, subject, matches] of table) {
    it(`${pattern} ~ ${JSON.stringify(subject)} = ${matches}`, () => expect(globMatches(compileGlob(pattern), subject)).toBe(matches));
  }

  it('ignores case when asked (actions)', () => {
    expect(globMatches(compileGlob('SecretsManager:Get*', { ignoreCase: true }), 'secretsmanager:GETSECRETVALUE')).toBe(true);
    expect(globMatches(compileGlob('SecretsManager:Get*'), 'secretsmanager:GetSecretValue')).toBe(false);
  });

  it('keeps * literal without wildcards (StringEquals)', () => {
    const g = compileGlob('a*', { wildcards: false });
    expect(globMatches(g, 'a*')).toBe(true);
    expect(globMatches(g, 'ab')).toBe(false);
  });

  it('resolves variables per request and reports unresolvable ones', () => {
    const g = compileGlob('home/${aws:username}/*', { variables: true });
    expect(globMatches(g, 'home/alice/x', (k) => (k === 'aws:username' ? 'alice' : undefined))).toBe(true);
    expect(globMatches(g, 'home/bob/x', (k) => (k === 'aws:username' ? 'alice' : undefined))).toBe(false);
    expect(globMatches(g, 'home/alice/x', () => undefined)).toBeUndefined();
    // A substituted value containing * is literal text, not a wildcard.
    expect(globMatches(g, 'home/anything/x', () => '*')).toBe(false);
  });

  it('treats ${*} ${?} ${$} as literal characters', () => {
    const g = compileGlob('${*}${?}${$}*', { variables: true });
    expect(globMatches(g, '*?$tail')).toBe(true);
    expect(globMatches(g, 'ab$tail')).toBe(false);
  });

  it('leaves malformed ${ as text', () => {
    expect(globMatches(compileGlob('a${b', { variables: true }), 'a${b')).toBe(true);
  });
});

describe('ARN patterns', () => {
  it('parses ARNs with colons in the resource part', () => {
    expect(parseArn('arn:aws:s3:::bucket/a:b')).toEqual({ partition: 'aws', service: 's3', region: '', account: '', resource: 'bucket/a:b' });
    expect(parseArn('arn:aws:s3')).toBeUndefined();
    expect(parseArn('nope:aws:s3:::x')).toBeUndefined();
  });

  const table: [pattern: string, subject: string | undefined, matches: boolean][] = [
    ['*', undefined, true],
    ['arn:aws:s3:::*', undefined, false],
    ['arn:aws:secretsmanager:*:111122223333:secret:*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a', true],
    ['arn:aws:secretsmanager:*:111122223333:secret:*', 'arn:aws:secretsmanager:us-east-1:999999999999:secret:a:111122223333:secret:b', false],
    ['arn:aws:secretsmanager:*', 'arn:aws:secretsmanager:us-east-1:111122223333:secret:a', true],
    ['arn:aws:secretsmanager:*', 'arn:aws:kms:us-east-1:111122223333:key/a', false],
    ['arn:aws:kms:*:*:key/*', 'arn:aws:kms:us-east-1:111122223333:alias/a', false],
    ['arn:aws:kms:us-east-?:*:key/*', 'arn:aws:kms:us-east-1:111122223333:key/a', true],
    ['arn:aws:kms:us-east-?:*:key/*', 'arn:aws:kms:us-east-10:111122223333:key/a', false],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/dir/a:b', true],
    ['my-secret', 'my-secret', true],
    ['my-*', 'my-secret', true],
    ['arn:aws:secretsmanager:us-east-1:111122223333:secret:x', 'x', false],
  ];
  for (const [pattern, subject, matches] of table) {
    it(`${pattern} ~ ${subject} = ${matches}`, () => expect(arnMatches(compileArnPattern(pattern, true), subject)).toBe(matches));
  }

  it('does not split on the colon inside a variable', () => {
    const p = compileArnPattern('arn:aws:s3:::bucket/${aws:username}/*', true);
    expect(p.segments?.length).toBe(6);
    expect(arnMatches(p, 'arn:aws:s3:::bucket/alice/k', (k) => (k === 'aws:username' ? 'alice' : undefined))).toBe(true);
  });
});

describe('IP addresses', () => {
  it('parses IPv4 and IPv6 forms', () => {
    expect(parseIp('10.0.0.1')).toEqual({ v6: false, value: 0x0a000001n });
    expect(parseIp('::')).toEqual({ v6: true, value: 0n });
    expect(parseIp('::ffff:1.2.3.4')?.value).toBe((0xffffn << 32n) | 0x01020304n);
    expect(parseIp('fe80::1%eth0')?.v6).toBe(true);
    for (const bad of ['256.0.0.1', '1.2.3', '1:2:3:4:5:6:7:8:9', '1::2::3', 'x', '01.2.3.4.5', '2001:db8::g']) expect(parseIp(bad)).toBeUndefined();
  });

  it('masks the network and rejects bad prefixes', () => {
    expect(parseCidr("10.1.2.3/8")).toMatchObject({ v6: false, network: 0x0a000000n, bits: 8 });
    expect(parseCidr('10.0.0.0/33')).toBeUndefined();
    expect(parseCidr('::/129')).toBeUndefined();
    expect(parseCidr('10.0.0.0/x')).toBeUndefined();
    const c = parseCidr('2001:db8::/32');
    expect(c && cidrContains(c, '2001:db8:ffff::1')).toBe(true);
    expect(c && cidrContains(c, '2001:db9::1')).toBe(false);
  });
});

describe('dates', () => {
  it('reads W3C ISO 8601 forms and epoch seconds', () => {
    expect(parseDate('2020')).toBe(Date.UTC(2020, 0, 1));
    expect(parseDate('2020-02')).toBe(Date.UTC(2020, 1, 1));
    expect(parseDate('2020-02-03T04:05Z')).toBe(Date.UTC(2020, 1, 3, 4, 5));
    expect(parseDate('2020-02-03t04:05:06.5z')).toBe(Date.UTC(2020, 1, 3, 4, 5, 6, 500));
    expect(parseDate('2020-02-03T04:05:06-02:30')).toBe(Date.UTC(2020, 1, 3, 6, 35, 6));
    expect(parseDate('2020-02-03T04:05:06')).toBe(Date.UTC(2020, 1, 3, 4, 5, 6));
    expect(parseDate('1577836800')).toBe(Date.UTC(2020, 0, 1));
    for (const bad of ['yesterday', '2020-13-01', '2020-01-32', '2020-01-01T25:00Z', '2020/01/01']) expect(parseDate(bad)).toBeUndefined();
  });
});

describe('principals', () => {
  const spec = (p: unknown): ReturnType<typeof parsePrincipal> => parsePrincipal(p, 'test');
  const { alice, bob, session, root, carol, svc } = PRINCIPALS;

  it('grades how a Principal names the caller', () => {
    expect(principalMatch(spec('*'), alice)).toBe('direct');
    expect(principalMatch(spec({ AWS: '*' }), session)).toBe('direct');
    expect(principalMatch(spec({ AWS: alice.arn }), alice)).toBe('direct');
    expect(principalMatch(spec({ AWS: '111122223333' }), alice)).toBe('account');
    expect(principalMatch(spec({ AWS: 'arn:aws:iam::111122223333:root' }), root)).toBe('direct');
    expect(principalMatch(spec({ AWS: 'arn:aws:iam::111122223333:root' }), carol)).toBeUndefined();
    expect(principalMatch(spec({ AWS: ['111122223333', session.arn] }), session)).toBe('direct');
    expect(principalMatch(spec({ AWS: ['111122223333', 'arn:aws:iam::111122223333:role/app'] }), session)).toBe('role');
    expect(principalMatch(spec({ AWS: 'arn:aws:iam::444455556666:role/app' }), session)).toBeUndefined();
    expect(principalMatch(spec({ AWS: bob.arn }), alice)).toBeUndefined();
    expect(principalMatch(spec({ Service: 'secretsmanager.amazonaws.com' }), svc)).toBe('direct');
    expect(principalMatch(spec({ Service: 'secretsmanager.amazonaws.com' }), alice)).toBeUndefined();
    expect(principalMatch(spec({ Federated: 'accounts.google.com' }), alice)).toBeUndefined();
  });

  it('covers callers with NotPrincipal by their chain of identities', () => {
    const np = spec({ AWS: [alice.arn, 'arn:aws:iam::111122223333:root'] });
    expect(notPrincipalCovers(np, alice, 'Deny')).toBe(false);
    expect(notPrincipalCovers(np, bob, 'Deny')).toBe(true);
    expect(notPrincipalCovers(spec({ AWS: alice.arn }), alice, 'Deny')).toBe(true);
    expect(notPrincipalCovers(spec({ AWS: alice.arn }), alice, 'Allow')).toBe(false);
    expect(notPrincipalCovers(spec({ AWS: alice.arn }), bob, 'Allow')).toBe(true);
    expect(notPrincipalCovers(spec('*'), alice, 'Deny')).toBe(false);
    expect(notPrincipalCovers(spec({ Service: 'secretsmanager.amazonaws.com' }), svc, 'Deny')).toBe(false);
  });
});
