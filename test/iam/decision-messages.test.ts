import { describe, expect, it } from 'vitest';
import { accessDeniedMessage, evaluate, globalContextKeys, principalContextKeys, type Decision, type DenyReason } from '../../src/iam/index.js';
import type { Principal } from '../../src/protocol/operation.js';
import type { AuthzPrincipal } from '../../src/iam/index.js';
import { ACCT, GSV, PRINCIPALS, SECRET, allow, aws, deny, policy, rAllow } from './fixtures.js';

const USER = PRINCIPALS.alice.arn;
const d = (reason: DenyReason, policyArn?: string): Decision => ({ allowed: false, reason, statements: policyArn ? [{ source: 'identity', effect: 'Deny', index: 0, policyArn }] : [] });

describe('AccessDenied messages', () => {
  const table: [DenyReason, string][] = [
    ['no-identity-allow', `because no identity-based policy allows the ${GSV} action`],
    ['no-resource-allow', `because no resource-based policy allows the ${GSV} action`],
    ['no-boundary-allow', `because no permissions boundary allows the ${GSV} action`],
    ['no-session-allow', `because no session policy allows the ${GSV} action`],
    ['explicit-deny-identity', 'with an explicit deny in an identity-based policy'],
    ['explicit-deny-resource', 'with an explicit deny in a resource-based policy'],
    ['explicit-deny-boundary', 'with an explicit deny in a permissions boundary'],
    ['explicit-deny-session', 'with an explicit deny in a session policy'],
  ];
  for (const [reason, tail] of table) {
    it(reason, () => {
      expect(accessDeniedMessage(USER, GSV, SECRET, d(reason))).toBe(`User: ${USER} is not authorized to perform: ${GSV} on resource: ${SECRET} ${tail}`);
    });
  }

  it('leaves out the resource for resourceless actions', () => {
    expect(accessDeniedMessage(USER, 'secretsmanager:ListSecrets', undefined, d('no-identity-allow'))).toBe(
      `User: ${USER} is not authorized to perform: secretsmanager:ListSecrets because no identity-based policy allows the secretsmanager:ListSecrets action`,
    );
  });

  it('echoes the resource as the caller named it', () => {
    expect(accessDeniedMessage(USER, GSV, 'prod/db', d('no-resource-allow'))).toContain('on resource: prod/db because');
  });

  it('names the managed policy or boundary that denied', () => {
    const arn = `arn:aws:iam::${ACCT}:policy/NoSecrets`;
    expect(accessDeniedMessage(USER, GSV, SECRET, d('explicit-deny-identity', arn))).toMatch(/with an explicit deny in an identity-based policy: arn:aws:iam::111122223333:policy\/NoSecrets$/);
    expect(accessDeniedMessage(USER, GSV, SECRET, d('explicit-deny-boundary', arn))).toMatch(/permissions boundary: arn:aws:iam::111122223333:policy\/NoSecrets$/);
  });
});

describe('decisions', () => {
  const request = { action: GSV, resource: SECRET, principal: PRINCIPALS.alice };

  it('lists the deciding statements, the decisive policy first', () => {
    const boundaryDeny = policy([{ ...deny('*'), Sid: 'B' }]);
    const inline = policy([{ ...allow('*'), Sid: 'All' }, { ...deny(GSV), Sid: 'NoGet' }]);
    const r = evaluate(request, { identity: [{ policy: inline, name: 'inline1' }], boundary: { policy: boundaryDeny, arn: `arn:aws:iam::${ACCT}:policy/B` } });
    expect(r).toEqual({
      allowed: false,
      reason: 'explicit-deny-identity',
      statements: [
        { source: 'identity', effect: 'Deny', index: 1, sid: 'NoGet', policyName: 'inline1' },
        { source: 'boundary', effect: 'Deny', index: 0, sid: 'B', policyArn: `arn:aws:iam::${ACCT}:policy/B` },
      ],
    });
    expect(accessDeniedMessage(USER, GSV, SECRET, r)).toMatch(/identity-based policy$/);
  });

  it('says what granted access', () => {
    const managed = { policy: policy([allow(GSV)]), arn: `arn:aws:iam::${ACCT}:policy/Read` };
    expect(evaluate(request, { identity: [managed] })).toEqual({
      allowed: true,
      reason: 'allowed',
      allowedBy: 'identity',
      statements: [{ source: 'identity', effect: 'Allow', index: 0, policyArn: managed.arn }],
    });
    const rp = policy([rAllow(aws(USER))], 'resource');
    expect(evaluate(request, { resource: rp })).toMatchObject({ allowed: true, allowedBy: 'resource', statements: [{ source: 'resource' }] });
    expect(evaluate({ ...request, principal: PRINCIPALS.root }, {})).toMatchObject({ allowed: true, allowedBy: 'root', statements: [] });
  });

  it('accepts condition keys from the global-key helper', () => {
    const p = policy([{ ...allow(GSV), Condition: { StringEquals: { 'secretsmanager:ResourceTag/env': 'prod', 'aws:RequestedRegion': 'us-east-1' }, Bool: { 'aws:SecureTransport': 'true' }, IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }]);
    const context = globalContextKeys({ sourceIp: '10.9.9.9', secureTransport: true, region: 'us-east-1', resourceTags: { env: 'prod' }, servicePrefix: 'secretsmanager' });
    expect(evaluate({ ...request, context }, { identity: [p] }).allowed).toBe(true);
    expect(evaluate({ ...request, context: { ...context, 'aws:SourceIp': '8.8.8.8' } }, { identity: [p] }).allowed).toBe(false);
    expect(globalContextKeys({ requestTags: { a: '1', b: '2' } })).toEqual({ 'aws:RequestTag/a': '1', 'aws:RequestTag/b': '2', 'aws:TagKeys': ['a', 'b'] });
  });

  it('derives principal keys as AWS does', () => {
    expect(principalContextKeys(PRINCIPALS.alice)).toMatchObject({
      'aws:username': 'alice',
      'aws:userid': 'AIDAALICE0000000000A',
      'aws:PrincipalArn': USER,
      'aws:PrincipalAccount': ACCT,
      'aws:PrincipalType': 'User',
      'aws:PrincipalTag/team': 'blue',
    });
    const s = principalContextKeys(PRINCIPALS.xsession);
    expect(s['aws:PrincipalArn']).toBe('arn:aws:iam::444455556666:role/reader');
    expect(s['aws:username']).toBeUndefined();
    expect(principalContextKeys(PRINCIPALS.root)).toMatchObject({ 'aws:PrincipalType': 'Account', 'aws:userid': ACCT });
    expect(principalContextKeys(PRINCIPALS.svc)).toEqual({ 'aws:PrincipalIsAWSService': 'true', 'aws:PrincipalServiceName': 'secretsmanager.amazonaws.com' });
  });

  it('takes the dispatcher\'s Principal as it is', () => {
    const principal: Principal = { ...PRINCIPALS.alice, type: 'user', accessKeyId: 'AKIAEXAMPLE', admin: false };
    const asAuthz: AuthzPrincipal = principal;
    expect(evaluate({ ...request, principal: asAuthz }, { identity: [policy([allow(GSV)])] }).allowed).toBe(true);
  });

  it('lets explicit context override derived keys', () => {
    const p = policy([{ ...allow(GSV), Condition: { StringEquals: { 'aws:PrincipalTag/team': 'red' } } }]);
    expect(evaluate({ ...request, context: { 'aws:principaltag/team': 'red' } }, { identity: [p] }).allowed).toBe(true);
  });

  it('is deterministic across repeated calls on cached policies', () => {
    const p = policy([allow('secretsmanager:Get*', 'arn:aws:secretsmanager:*:*:secret:${aws:username}-*')]);
    const own = `arn:aws:secretsmanager:us-east-1:${ACCT}:secret:alice-1`;
    for (let i = 0; i < 3; i++) {
      expect(evaluate({ ...request, resource: own }, { identity: [p] }).allowed).toBe(true);
      expect(evaluate({ ...request, resource: own, principal: PRINCIPALS.bob }, { identity: [p] }).allowed).toBe(false);
    }
  });
});
