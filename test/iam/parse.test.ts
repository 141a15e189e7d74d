import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { compilePolicy, parsePolicy, tryParsePolicy, type PolicyKind } from '../../src/iam/index.js';

const V = '2012-10-17';
const ok = { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: '*' };
const rok = { ...ok, Principal: { AWS: '111122223333' } };
const s = (st: Record<string, unknown>, top: Record<string, unknown> = {}): string => JSON.stringify({ Version: V, Statement: [st], ...top });

const SYNTAX = 'Syntax errors in policy.';
const LEGACY = 'The policy failed legacy parsing';

interface Case {
  name: string;
  json: string;
  kind?: PolicyKind;
  v2012?: boolean;
  /** Undefined: the document is valid. */
  error?: string;
}

const cases: Case[] = [
  { name: 'minimal identity policy', json: s(ok) },
  { name: 'Statement as a single object', json: JSON.stringify({ Version: V, Statement: ok }) },
  { name: 'no Version', json: JSON.stringify({ Statement: [ok] }) },
  { name: 'Version 2008-10-17', json: JSON.stringify({ Version: '2008-10-17', Statement: [ok] }) },
  { name: 'Id element', json: s(ok, { Id: 'policy-1' }) },
  { name: 'not JSON', json: '{"Version": ', error: SYNTAX },
  { name: 'JSON array at top', json: '[]', error: SYNTAX },
  { name: 'JSON null', json: 'null', error: SYNTAX },
  { name: 'unknown top-level element', json: s(ok, { Foo: 1 }), error: SYNTAX },
  { name: 'lower-case top-level element', json: JSON.stringify({ version: V, Statement: [ok] }), error: SYNTAX },
  { name: 'unknown Version', json: JSON.stringify({ Version: '2012-10-18', Statement: [ok] }), error: SYNTAX },
  { name: 'Version as a number', json: JSON.stringify({ Version: 2012, Statement: [ok] }), error: SYNTAX },
  { name: 'Id as a number', json: s(ok, { Id: 7 }), error: SYNTAX },
  { name: 'no Statement', json: JSON.stringify({ Version: V }), error: SYNTAX },
  { name: 'empty Statement list', json: JSON.stringify({ Version: V, Statement: [] }), error: SYNTAX },
  { name: 'Statement entry not an object', json: JSON.stringify({ Version: V, Statement: ['x'] }), error: SYNTAX },
  { name: 'managed policy without Version', json: JSON.stringify({ Statement: [ok] }), v2012: true, error: 'Policy document must be version 2012-10-17 or greater.' },
  { name: 'managed policy with Version 2008', json: JSON.stringify({ Version: '2008-10-17', Statement: [ok] }), v2012: true, error: 'Policy document must be version 2012-10-17 or greater.' },
  { name: 'managed policy with Version 2012', json: s(ok), v2012: true },
  { name: 'unknown statement element', json: s({ ...ok, Actions: 'x' }), error: SYNTAX },
  { name: 'Effect in lower case', json: s({ ...ok, Effect: 'allow' }), error: LEGACY },
  { name: 'Effect not Allow/Deny', json: s({ ...ok, Effect: 'Permit' }), error: SYNTAX },
  { name: 'Effect missing', json: s({ Action: 'a:b', Resource: '*' }), error: SYNTAX },
  { name: 'Action and NotAction', json: s({ ...ok, NotAction: 'x:y' }), error: SYNTAX },
  { name: 'Resource and NotResource', json: s({ ...ok, NotResource: '*' }), error: SYNTAX },
  { name: 'Action as a number', json: s({ ...ok, Action: 5 }), error: SYNTAX },
  { name: 'Action list with a number', json: s({ ...ok, Action: ['a:b', 5] }), error: SYNTAX },
  { name: 'Action missing', json: s({ Effect: 'Allow', Resource: '*' }), error: 'Policy statement must contain actions.' },
  { name: 'Action empty list', json: s({ ...ok, Action: [] }), error: 'Policy statement must contain actions.' },
  { name: 'NotAction alone is enough', json: s({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }) },
  { name: 'Action without vendor', json: s({ ...ok, Action: 'GetSecretValue' }), error: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' },
  { name: 'empty Action string', json: s({ ...ok, Action: '' }), error: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' },
  { name: 'Action with two colons', json: s({ ...ok, Action: 's3:a:b' }), error: 'Actions/Condition can contain only one colon.' },
  { name: 'Action vendor with wildcard', json: s({ ...ok, Action: 's3*:Get' }), error: 'Vendor s3* is not valid' },
  { name: 'Action * alone', json: s({ ...ok, Action: '*' }) },
  { name: 'identity statement without Resource', json: s({ Effect: 'Allow', Action: 'a:b' }), error: 'Policy statement must contain resources.' },
  { name: 'identity statement with empty Resource list', json: s({ ...ok, Resource: [] }), error: 'Policy statement must contain resources.' },
  { name: 'Resource not an ARN', json: s({ ...ok, Resource: 'not-an-arn' }), error: 'Resource not-an-arn must be in ARN format or "*".' },
  { name: 'Resource with bad partition', json: s({ ...ok, Resource: 'arn:aw:s3:::b' }), error: 'Partition "aw" is not valid for resource "arn:aw:s3:::b".' },
  { name: 'Resource with bad partition, short', json: s({ ...ok, Resource: 'arn:aw:s3' }), error: 'Partition "aw" is not valid for resource "arn:aw:s3:*:*:*".' },
  { name: 'Resource without service', json: s({ ...ok, Resource: 'arn:aws' }), error: 'Resource vendor must be fully qualified and cannot contain regexes.' },
  { name: 'Resource with empty service', json: s({ ...ok, Resource: 'arn:aws::x' }), error: LEGACY },
  { name: 'IAM resource with a region', json: s({ ...ok, Resource: 'arn:aws:iam:us-east-1:111122223333:user/x' }), error: 'IAM resource arn:aws:iam:us-east-1:111122223333:user/x cannot contain region information.' },
  { name: 'Resource with wildcards', json: s({ ...ok, Resource: 'arn:aws:secretsmanager:*:*:secret:*' }) },
  { name: 'short ARN Resource', json: s({ ...ok, Resource: 'arn:aws:secretsmanager:*' }) },
  { name: 'Principal in an identity policy', json: s({ ...ok, Principal: '*' }), error: 'Policy document should not specify a principal.' },
  { name: 'NotPrincipal in an identity policy', json: s({ ...ok, NotPrincipal: { AWS: '111122223333' } }), error: 'Policy document should not specify a principal.' },
  { name: 'resource policy', json: s(rok), kind: 'resource' },
  { name: 'resource policy without Principal', json: s(ok), kind: 'resource', error: 'Missing required field Principal' },
  { name: 'key policy without Principal', json: s(ok), kind: 'key', error: 'Missing required field Principal' },
  { name: 'resource policy with NotPrincipal', json: s({ ...ok, NotPrincipal: { AWS: '111122223333' } }), kind: 'resource' },
  { name: 'resource policy without Resource', json: s({ Effect: 'Allow', Principal: '*', Action: 'a:b' }), kind: 'resource' },
  { name: 'Principal and NotPrincipal', json: s({ ...rok, NotPrincipal: '*' }), kind: 'resource', error: SYNTAX },
  { name: 'Principal as a bare ARN string', json: s({ ...ok, Principal: 'arn:aws:iam::111122223333:root' }), kind: 'resource', error: SYNTAX },
  { name: 'Principal empty object', json: s({ ...ok, Principal: {} }), kind: 'resource', error: SYNTAX },
  { name: 'Principal AWS garbage', json: s({ ...ok, Principal: { AWS: 'foo' } }), kind: 'resource', error: 'Invalid principal in policy: "AWS":"foo"' },
  { name: 'Principal AWS partial wildcard', json: s({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:user/*' } }), kind: 'resource', error: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:user/*"' },
  { name: 'Principal AWS short account id', json: s({ ...ok, Principal: { AWS: '12345' } }), kind: 'resource', error: 'Invalid principal in policy: "AWS":"12345"' },
  { name: 'Principal AWS group ARN', json: s({ ...ok, Principal: { AWS: 'arn:aws:iam::111122223333:group/admins' } }), kind: 'resource', error: 'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:group/admins"' },
  { name: 'Principal of unknown type', json: s({ ...ok, Principal: { Foo: 'x' } }), kind: 'resource', error: 'Invalid principal in policy: "Foo":"x"' },
  { name: 'Principal AWS list', json: s({ ...ok, Principal: { AWS: ['111122223333', 'arn:aws:iam::444455556666:root', 'arn:aws:iam::111122223333:role/a/b', 'arn:aws:sts::111122223333:assumed-role/b/s', 'AIDAABCDEFGHIJKLMNOP'] } }), kind: 'resource' },
  { name: 'Principal Service and Federated', json: s({ ...ok, Principal: { Service: ['lambda.amazonaws.com'], Federated: 'accounts.google.com' } }), kind: 'resource' },
  { name: 'Principal AWS empty list', json: s({ ...ok, Principal: { AWS: [] } }), kind: 'resource', error: SYNTAX },
  { name: 'trust policy', json: s({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }), kind: 'trust' },
  { name: 'trust policy with TagSession', json: s({ Effect: 'Allow', Principal: { AWS: '111122223333' }, Action: ['sts:AssumeRole', 'sts:TagSession'] }), kind: 'trust' },
  { name: 'trust policy without Principal', json: s({ Effect: 'Allow', Action: 'sts:AssumeRole' }), kind: 'trust', error: 'Missing required field Principal' },
  { name: 'trust policy with Resource', json: s({ Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }), kind: 'trust', error: 'Has prohibited field Resource.' },
  {
    name: 'trust policy with another action',
    json: s({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject' }),
    kind: 'trust',
    error: 'Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML,  and sts:AssumeRoleWithWebIdentity',
  },
  { name: 'duplicate Sid', json: JSON.stringify({ Version: V, Statement: [{ ...ok, Sid: 'A' }, { ...ok, Sid: 'A' }] }), error: 'Statement IDs (SID) in a single policy must be unique.' },
  { name: 'Sid with spaces in an identity policy', json: s({ ...ok, Sid: 'Read it' }), error: 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*' },
  { name: 'Sid with spaces in a key policy', json: s({ ...rok, Sid: 'Enable IAM User Permissions' }), kind: 'key' },
  { name: 'Sid not a string', json: s({ ...ok, Sid: 1 }), error: SYNTAX },
  { name: 'Condition not an object', json: s({ ...ok, Condition: 'x' }), error: SYNTAX },
  { name: 'Condition operator body not an object', json: s({ ...ok, Condition: { StringEquals: 'x' } }), error: SYNTAX },
  { name: 'unknown condition operator', json: s({ ...ok, Condition: { StringEqual: { 'aws:username': 'a' } } }), error: SYNTAX },
  { name: 'NullIfExists is not an operator', json: s({ ...ok, Condition: { NullIfExists: { 'aws:username': 'true' } } }), error: SYNTAX },
  { name: 'condition value an object', json: s({ ...ok, Condition: { StringEquals: { 'aws:username': { a: 1 } } } }), error: SYNTAX },
  { name: 'condition value list with null', json: s({ ...ok, Condition: { StringEquals: { 'aws:username': ['a', null] } } }), error: SYNTAX },
  { name: 'condition key without vendor', json: s({ ...ok, Condition: { StringEquals: { username: 'a' } } }), error: 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.' },
  { name: 'condition date not a date', json: s({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': 'yesterday' } } }), error: LEGACY },
  { name: 'condition date out of range', json: s({ ...ok, Condition: { DateLessThan: { 'aws:CurrentTime': '2020-13-01' } } }), error: LEGACY },
  { name: 'condition with every qualifier', json: s({ ...ok, Condition: { 'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*'] }, 'ForAllValues:StringEquals': { 'aws:TagKeys': 'b' } } }) },
  { name: 'condition values as numbers and booleans', json: s({ ...ok, Condition: { NumericLessThan: { 's3:max-keys': 10 }, Bool: { 'aws:SecureTransport': true } } }) },
  { name: 'every operator family', json: s({ ...ok, Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' }, ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::b' }, BinaryEquals: { 'x:bin': 'AAEC' }, Null: { 'aws:TokenIssueTime': 'true' } } }) },
  {
    name: 'syntax error in statement 2 wins over legacy error in statement 1',
    json: JSON.stringify({ Version: V, Statement: [{ ...ok, Effect: 'allow' }, { ...ok, Bad: 1 }] }),
    error: SYNTAX,
  },
  {
    name: 'legacy error in statement 2 wins over missing actions in statement 1',
    json: JSON.stringify({ Version: V, Statement: [{ Effect: 'Allow', Resource: '*' }, { ...ok, Effect: 'deny' }] }),
    error: LEGACY,
  },
  {
    name: 'missing actions wins over bad resource',
    json: JSON.stringify({ Version: V, Statement: [{ Effect: 'Allow', Resource: 'bad' }] }),
    error: 'Policy statement must contain actions.',
  },
  {
    name: 'default KMS key policy',
    kind: 'key',
    json: JSON.stringify({
      Version: V,
      Id: 'key-default-1',
      Statement: [{ Sid: 'Enable IAM User Permissions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'kms:*', Resource: '*' }],
    }),
  },
];

describe('parsing and validating policy documents', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = tryParsePolicy(c.json, c.kind ?? 'identity', { requireVersion2012: c.v2012 });
      if (c.error === undefined) {
        expect(r.ok ? 'ok' : `${r.message} (${r.detail})`).toBe('ok');
      } else {
        expect(r.ok ? 'ok' : r.message).toBe(c.error);
      }
    });
  }

  it('reports a useful detail beside the AWS message', () => {
    const r = tryParsePolicy(s({ ...ok, Actions: 'x' }), 'identity');
    expect(r).toMatchObject({ ok: false, message: SYNTAX });
    expect(!r.ok && r.detail).toContain('Actions');
  });

  it('throws AwsError with the error code of the calling service', () => {
    const thrown = (() => {
      try {
        parsePolicy(s(ok), 'resource', 'MalformedPolicyDocumentException');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(AwsError);
    expect(thrown).toMatchObject({ code: 'MalformedPolicyDocumentException', message: 'Missing required field Principal', status: 400 });
    expect(() => parsePolicy('{', 'identity')).toThrow(expect.objectContaining({ code: 'MalformedPolicyDocument' }));
  });

  it('caches parsed policies by text', () => {
    const json = s({ ...ok, Sid: 'Cached' });
    expect(parsePolicy(json, 'identity')).toBe(parsePolicy(json, 'identity'));
    expect(parsePolicy(json, 'identity')).not.toBe(compilePolicy(json, 'identity'));
  });

  it('compiles statements into their parts', () => {
    const p = compilePolicy(
      JSON.stringify({
        Version: V,
        Id: 'x',
        Statement: { Sid: 'One', Effect: 'Deny', NotAction: ['s3:*'], NotResource: 'arn:aws:s3:::b/${aws:username}/*', Condition: { StringEquals: { 'aws:PrincipalTag/t': '${aws:PrincipalTag/u}' } } },
      }),
      'identity',
    );
    expect(p).toMatchObject({ kind: 'identity', version: V, id: 'x' });
    const st = p.statements[0];
    expect(st).toMatchObject({ index: 0, sid: 'One', effect: 'Deny', action: undefined, resource: undefined });
    expect(st?.notAction?.length).toBe(1);
    expect(st?.requiredVariables.sort()).toEqual(['aws:principaltag/u', 'aws:username']);
  });
});
