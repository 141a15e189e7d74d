import { describe, expect, it } from 'vitest';
import { randomPassword } from '../../src/services/secretsmanager/password.js';
import { grantsPublicAccess, parseResourcePolicy } from '../../src/services/secretsmanager/resource-policy.js';
import { nextCron, nextRotationDate, parseCron, parseRotationRules } from '../../src/services/secretsmanager/rotation-rules.js';
import { arnInRegion, checkName, secretArn } from '../../src/services/secretsmanager/secret.js';
import { findSecret, parseSecretId } from '../../src/services/secretsmanager/secret-id.js';

describe('names and ARNs', () => {
  it('accepts AWS name characters and refuses others with the AWS message', () => {
    expect(() => checkName('2018-12-01_baseball-game-source')).not.toThrow();
    expect(() => checkName('Valid/_+=.@-Name')).not.toThrow();
    expect(() => checkName('bad name!')).toThrow(
      'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
    );
  });

  it('builds ARNs with the suffix, and the replica ARN in another region', () => {
    const arn = secretArn('us-east-1', '123456789012', 'a/b', 'AbCdEf');
    expect(arn).toBe('arn:aws:secretsmanager:us-east-1:123456789012:secret:a/b-AbCdEf');
    expect(arnInRegion(arn, 'eu-west-1')).toBe('arn:aws:secretsmanager:eu-west-1:123456789012:secret:a/b-AbCdEf');
  });

  it('resolves a name, a full ARN and a partial ARN', () => {
    const full = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db-AbCdEf';
    const index = { byArn: (a: string) => (a === full ? 'hit' : undefined), byName: (n: string) => (n === 'db' ? 'hit' : undefined) };
    const find = (id: string) => {
      const ref = parseSecretId(id, '123456789012', 'us-east-1');
      return ref && findSecret(index, ref);
    };
    expect(find('db')).toBe('hit');
    expect(find(full)).toBe('hit');
    expect(find('arn:aws:secretsmanager:us-east-1:123456789012:secret:db')).toBe('hit');
    expect(find('arn:aws:secretsmanager:us-east-1:123456789012:secret:db-XXXXXX')).toBeUndefined();
    expect(find('arn:aws:kms:us-east-1:123456789012:key/x')).toBeUndefined();
    expect(() => find('no spaces')).toThrow(/Invalid name/);
  });
});

describe('rotation rules', () => {
  it('takes AutomaticallyAfterDays xor ScheduleExpression', () => {
    expect(parseRotationRules({ AutomaticallyAfterDays: 30 })).toEqual({ kind: 'days', days: 30 });
    expect(() => parseRotationRules({ AutomaticallyAfterDays: 30, ScheduleExpression: 'rate(10 days)' })).toThrow();
    expect(() => parseRotationRules({})).toThrow();
  });

  it('checks rate() bounds: at least 4 hours', () => {
    expect(parseRotationRules({ ScheduleExpression: 'rate(4 hours)' })).toEqual({ kind: 'hours', hours: 4 });
    expect(() => parseRotationRules({ ScheduleExpression: 'rate(3 hours)' })).toThrow();
    expect(parseRotationRules({ ScheduleExpression: 'rate(10 days)' })).toEqual({ kind: 'days', days: 10 });
  });

  it('checks cron(): minutes 0, year *, day-of-month xor day-of-week', () => {
    expect(() => parseCron('0 16 ? * SAT *')).not.toThrow();
    expect(() => parseCron('5 16 ? * SAT *')).toThrow(/minutes/);
    expect(() => parseCron('0 16 ? * SAT 2030')).toThrow(/year/);
    expect(() => parseCron('0 16 1 * SAT *')).toThrow(/day-of-month/);
  });

  it('checks Duration', () => {
    expect(() => parseRotationRules({ AutomaticallyAfterDays: 1, Duration: '3h' })).not.toThrow();
    expect(() => parseRotationRules({ AutomaticallyAfterDays: 1, Duration: '25h' })).toThrow();
    expect(() => parseRotationRules({ ScheduleExpression: 'rate(4 hours)', Duration: '5h' })).toThrow();
  });

  it('computes the next rotation date', () => {
    const now = Date.UTC(2024, 0, 1, 10); // a Monday
    expect(nextRotationDate({ kind: 'days', days: 30 }, undefined, now)).toBe(now + 30 * 86_400_000);
    expect(nextCron(parseCron('0 16 ? * SAT *'), now)).toBe(Date.UTC(2024, 0, 6, 16));
    expect(nextCron(parseCron('0 8 1 * ? *'), now)).toBe(Date.UTC(2024, 1, 1, 8));
  });
});

describe('GetRandomPassword', () => {
  it('defaults to 32 characters with every type', () => {
    const p = randomPassword({});
    expect(p).toHaveLength(32);
    expect(p).toMatch(/[a-z]/);
    expect(p).toMatch(/[A-Z]/);
    expect(p).toMatch(/[0-9]/);
    expect(p).toMatch(/[^A-Za-z0-9]/);
  });

  it('honours the exclusions and IncludeSpace', () => {
    const p = randomPassword({ PasswordLength: 200, ExcludePunctuation: true, ExcludeUppercase: true, ExcludeCharacters: 'abc' });
    expect(p).toMatch(/^[d-z0-9]{200}$/);
    const s = randomPassword({ PasswordLength: 4096, IncludeSpace: true });
    expect(s).toContain(' ');
  });

  it('refuses a length too short for the required types', () => {
    expect(() => randomPassword({ PasswordLength: 3 })).toThrow('Password length is too short based on the required types.');
    expect(randomPassword({ PasswordLength: 1, RequireEachIncludedType: false })).toHaveLength(1);
  });
});

describe('resource policies', () => {
  const policy = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });

  it('refuses malformed documents', () => {
    expect(() => parseResourcePolicy('{not json')).toThrow('This resource policy contains a syntax error.');
    expect(() => parseResourcePolicy(policy({ Effect: 'Maybe', Principal: '*', Action: 'x', Resource: '*' }))).toThrow();
  });

  it('sees a grant to everyone unless a condition restricts it', () => {
    const open = parseResourcePolicy(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'secretsmanager:GetSecretValue', Resource: '*' }));
    expect(grantsPublicAccess(open)).toBe(true);
    const pinned = parseResourcePolicy(
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
        Condition: { StringEquals: { 'aws:PrincipalAccount': '123456789012' } },
      }),
    );
    expect(grantsPublicAccess(pinned)).toBe(false);
    const named = parseResourcePolicy(
      policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'secretsmanager:*', Resource: '*' }),
    );
    expect(grantsPublicAccess(named)).toBe(false);
  });
});
