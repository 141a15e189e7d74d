import { describe, expect, it } from 'vitest';
import { conditionsHold } from '../../src/iam/conditions.js';
import { parseConditionBlock } from '../../src/iam/conditions-parse.js';
import type { ContextValue } from '../../src/iam/index.js';
import { RequestContext } from '../../src/iam/request-context.js';

type Row = [operator: string, policyValue: unknown, requestValue: ContextValue, holds: boolean];

const K = 'test:Key';
const B64 = Buffer.from('binary\x00value').toString('base64');

const rows: Row[] = [
  // String
  ['StringEquals', 'abc', 'abc', true],
  ['StringEquals', 'abc', 'ABC', false],
  ['StringEquals', 'a*', 'abc', false],
  ['StringEquals', 'a*', 'a*', true],
  ['StringEquals', ['x', 'abc'], 'abc', true],
  ['StringEquals', 'abc', undefined, false],
  ['StringNotEquals', 'abc', 'abd', true],
  ['StringNotEquals', 'abc', 'abc', false],
  ['StringNotEquals', ['x', 'y'], 'y', false],
  ['StringNotEquals', 'abc', undefined, true],
  ['StringEqualsIgnoreCase', 'ABC', 'abc', true],
  ['StringEqualsIgnoreCase', 'ABC', 'abd', false],
  ['StringNotEqualsIgnoreCase', 'ABC', 'abc', false],
  ['StringNotEqualsIgnoreCase', 'ABC', 'abd', true],
  ['StringNotEqualsIgnoreCase', 'ABC', undefined, true],
  ['StringLike', 'a*c', 'abbbc', true],
  ['StringLike', 'a?c', 'abc', true],
  ['StringLike', 'a?c', 'ac', false],
  ['StringLike', 'A*', 'abc', false],
  ['StringLike', '*', '', true],
  ['StringLike', 'home/*', 'home/alice/x', true],
  ['StringLike', '', '', true],
  ['StringNotLike', 'a*', 'abc', false],
  ['StringNotLike', 'a*', 'xbc', true],
  ['StringNotLike', ['a*', 'x*'], 'xbc', false],
  ['StringNotLike', 'a*', undefined, true],
  ['StringEqualsIfExists', 'abc', undefined, true],
  ['StringEqualsIfExists', 'abc', 'abd', false],
  ['StringNotEqualsIfExists', 'abc', undefined, true],
  ['StringNotEqualsIfExists', 'abc', 'abc', false],
  ['StringLikeIfExists', 'a*', 'abc', true],
  // Numeric
  ['NumericEquals', '10', '10', true],
  ['NumericEquals', '10', '10.0', true],
  ['NumericEquals', '10', '11', false],
  ['NumericEquals', '10', 'ten', false],
  ['NumericEquals', 'ten', 'ten', false],
  ['NumericEquals', 10, 10, true],
  ['NumericNotEquals', '10', '11', true],
  ['NumericNotEquals', '10', '10', false],
  ['NumericNotEquals', '10', undefined, true],
  ['NumericLessThan', '10', '9', true],
  ['NumericLessThan', '10', '10', false],
  ['NumericLessThanEquals', '10', '10', true],
  ['NumericGreaterThan', '10', '10.5', true],
  ['NumericGreaterThan', '10', '-3', false],
  ['NumericGreaterThanEquals', '10', '10', true],
  ['NumericGreaterThanEquals', '1e3', '1000', true],
  ['NumericLessThan', '10', undefined, false],
  ['NumericLessThanIfExists', '10', undefined, true],
  // Date
  ['DateEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00.000Z', true],
  ['DateEquals', '2020-01-01T00:00:00Z', '1577836800', true],
  ['DateEquals', '1577836800', '2020-01-01T00:00:00Z', true],
  ['DateEquals', '2020-01-01', '2020-01-01T00:00:00Z', true],
  ['DateEquals', '2020-01-01T01:00:00+01:00', '2020-01-01T00:00:00Z', true],
  ['DateNotEquals', '2020-01-01T00:00:00Z', '2020-01-02T00:00:00Z', true],
  ['DateNotEquals', '2020-01-01T00:00:00Z', undefined, true],
  ['DateLessThan', '2020-01-01T00:00:00Z', '2019-12-31T23:59:59Z', true],
  ['DateLessThan', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', false],
  ['DateLessThanEquals', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', true],
  ['DateGreaterThan', '2020-01-01T00:00:00Z', '2020-06-01T00:00:00Z', true],
  ['DateGreaterThan', '2020-01-01T00:00:00Z', 'not a date', false],
  ['DateGreaterThanEquals', '2020-01-01T00:00:00Z', '2019-06-01T00:00:00Z', false],
  ['DateGreaterThanIfExists', '2020-01-01T00:00:00Z', undefined, true],
  // Bool
  ['Bool', 'true', 'true', true],
  ['Bool', 'true', true, true],
  ['Bool', 'TRUE', 'true', true],
  ['Bool', 'true', 'false', false],
  ['Bool', false, false, true],
  ['Bool', 'true', undefined, false],
  ['BoolIfExists', 'true', undefined, true],
  // Binary
  ['BinaryEquals', B64, B64, true],
  ['BinaryEquals', B64, Buffer.from('other').toString('base64'), false],
  ['BinaryEquals', B64, undefined, false],
  // IP
  ['IpAddress', '203.0.113.0/24', '203.0.113.77', true],
  ['IpAddress', '203.0.113.0/24', '203.0.114.1', false],
  ['IpAddress', '203.0.113.5', '203.0.113.5', true],
  ['IpAddress', '203.0.113.5', '203.0.113.6', false],
  ['IpAddress', '0.0.0.0/0', '8.8.8.8', true],
  ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5678:ffff::1', true],
  ['IpAddress', '2001:DB8:1234:5678::/64', '2001:db8:1234:5679::1', false],
  ['IpAddress', '::1', '::1', true],
  ['IpAddress', '10.0.0.0/8', '::ffff:10.2.3.4', true],
  ['IpAddress', '10.0.0.0/8', '2001:db8::1', false],
  ['IpAddress', '10.0.0.0/8', 'garbage', false],
  ['IpAddress', 'garbage', '10.0.0.1', false],
  ['IpAddress', '10.0.0.0/8', undefined, false],
  ['NotIpAddress', '10.0.0.0/8', '11.0.0.1', true],
  ['NotIpAddress', '10.0.0.0/8', '10.0.0.1', false],
  ['NotIpAddress', ['10.0.0.0/8', '192.168.0.0/16'], '192.168.1.1', false],
  ['NotIpAddress', '10.0.0.0/8', undefined, true],
  // ARN
  ['ArnEquals', 'arn:aws:sns:us-east-1:111122223333:topic', 'arn:aws:sns:us-east-1:111122223333:topic', true],
  ['ArnEquals', 'arn:aws:sns:*:111122223333:*', 'arn:aws:sns:eu-west-1:111122223333:t', true],
  ['ArnLike', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', false],
  ['StringLike', 'arn:aws:someservice:*:111122223333:finance/*', 'arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt', true],
  ['ArnLike', 'arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a:b', true],
  ['ArnLike', 'arn:aws:s3:::bucket/*', 'not-an-arn', false],
  ['ArnLike', 'arn:aws:iam::*:role/Admin', 'arn:aws:iam::111122223333:role/admin', false],
  ['ArnNotEquals', 'arn:aws:iam::111122223333:role/a', 'arn:aws:iam::111122223333:role/b', true],
  ['ArnNotLike', 'arn:aws:iam::111122223333:role/*', 'arn:aws:iam::111122223333:role/b', false],
  ['ArnNotLike', 'arn:aws:iam::111122223333:role/*', undefined, true],
  ['ArnLikeIfExists', 'arn:aws:iam::111122223333:role/*', undefined, true],
  // Null
  ['Null', 'true', undefined, true],
  ['Null', 'true', 'x', false],
  ['Null', 'false', 'x', true],
  ['Null', 'false', undefined, false],
  ['Null', true, undefined, true],
  ['Null', 'true', [], true],
  ['Null', 'true', '', false],
  // Set qualifiers over multi-valued keys
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'b'], true],
  ['ForAllValues:StringEquals', ['a', 'b'], ['a', 'c'], false],
  ['ForAllValues:StringEquals', ['a'], undefined, true],
  ['ForAllValues:StringEquals', ['a'], [], true],
  ['ForAllValues:StringLike', ['env*'], ['env', 'environment'], true],
  ['ForAllValues:StringNotEquals', ['a', 'b'], ['c', 'd'], true],
  ['ForAllValues:StringNotEquals', ['a', 'b'], ['c', 'a'], false],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'b'], true],
  ['ForAnyValue:StringEquals', ['a', 'b'], ['x', 'y'], false],
  ['ForAnyValue:StringEquals', ['a'], undefined, false],
  ['ForAnyValue:StringNotEquals', ['a'], ['a', 'b'], true],
  ['ForAnyValue:StringNotEquals', ['a'], ['a'], false],
  ['ForAnyValue:StringNotEquals', ['a'], undefined, false],
  ['ForAnyValue:StringEqualsIfExists', ['a'], undefined, true],
  ['ForAnyValue:StringEqualsIgnoreCase', ['A'], ['x', 'a'], true],
  // Multi-valued key without a set qualifier: any value matches; negated: none matches.
  ['StringEquals', 'a', ['x', 'a'], true],
  ['StringNotEquals', 'a', ['x', 'a'], false],
  ['StringNotEquals', 'a', ['x', 'y'], true],
];

function holds(operator: string, value: unknown, request: ContextValue, key = K): boolean {
  const conditions = parseConditionBlock({ [operator]: { [key]: value } }, true, 'test');
  const ctx = new RequestContext();
  ctx.set(K, request);
  return conditionsHold(conditions, ctx);
}

describe('condition operators', () => {
  for (const [operator, value, request, expected] of rows) {
    it(`${operator} ${JSON.stringify(value)} vs ${JSON.stringify(request)} -> ${expected}`, () => {
      expect(holds(operator, value, request)).toBe(expected);
    });
  }

  it('looks keys up case-insensitively', () => {
    expect(holds('StringEquals', 'abc', 'abc', 'TEST:KEY')).toBe(true);
  });

  it('ANDs operators and keys, ORs values', () => {
    const ctx = new RequestContext();
    ctx.set('a:one', '1');
    ctx.set('a:two', '2');
    const block = (c: Record<string, unknown>): boolean => conditionsHold(parseConditionBlock(c, true, 't'), ctx);
    expect(block({ StringEquals: { 'a:one': ['0', '1'], 'a:two': '2' } })).toBe(true);
    expect(block({ StringEquals: { 'a:one': '1', 'a:two': '3' } })).toBe(false);
    expect(block({ StringEquals: { 'a:one': '1' }, NumericGreaterThan: { 'a:two': '5' } })).toBe(false);
    expect(block({})).toBe(true);
  });

  it('substitutes policy variables in string and ARN values', () => {
    const ctx = new RequestContext();
    ctx.set('aws:username', 'alice');
    ctx.set('x:arn', 'arn:aws:iam::111122223333:user/alice');
    ctx.set('x:name', 'alice');
    const block = (c: Record<string, unknown>, vars = true): boolean => conditionsHold(parseConditionBlock(c, vars, 't'), ctx);
    expect(block({ ArnEquals: { 'x:arn': 'arn:aws:iam::111122223333:user/${aws:username}' } })).toBe(true);
    expect(block({ StringEquals: { 'x:name': '${aws:username}' } })).toBe(true);
    expect(block({ StringEquals: { 'x:name': '${aws:username}' } }, false)).toBe(false);
    expect(block({ StringEquals: { 'x:name': "${aws:nothing, 'alice'}" } })).toBe(true);
  });
});
