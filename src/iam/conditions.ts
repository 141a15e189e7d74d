import { arnMatches, splitArn } from './arn.js';
import type { CompiledCondition, ConditionValue } from './conditions-parse.js';
import { parseDate } from './dates.js';
import { cidrContains } from './ip.js';
import type { RequestContext } from './request-context.js';
import type { VariableLookup } from './variables.js';
import { globMatches } from './wildcard.js';

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function compare(test: CompiledCondition['test'], a: number, b: number): boolean {
  switch (test) {
    case 'eq':
      return a === b;
    case 'lt':
      return a < b;
    case 'le':
      return a <= b;
    case 'gt':
      return a > b;
    case 'ge':
      return a >= b;
    default:
      return false;
  }
}

/** Does one request value match one policy value, before any negation? */
function valueMatches(c: CompiledCondition, requestValue: string, v: ConditionValue, lookup: VariableLookup): boolean {
  switch (v.t) {
    case 'glob':
      return globMatches(v.g, requestValue, lookup) === true;
    case 'num': {
      if (!NUMBER.test(requestValue.trim())) return false;
      return compare(c.test, Number(requestValue), v.v);
    }
    case 'date': {
      const d = parseDate(requestValue);
      return d !== undefined && compare(c.test, d, v.v);
    }
    case 'bin': {
      const bytes = Buffer.from(requestValue, 'base64');
      return bytes.equals(v.v);
    }
    case 'cidr':
      return v.v !== undefined && cidrContains(v.v, requestValue);
    case 'arn':
      // ARN operators compare the six parts one by one; a value that is not an ARN never matches.
      return splitArn(requestValue, 6).length === 6 && arnMatches(v.p, requestValue, lookup) === true;
    case 'null':
      return false;
  }
}

/**
 * One operator/key pair. Values for the key are ORed; a negated operator is the NOR of its
 * values. A missing key makes the condition false, or true for negated operators, except with
 * IfExists (true) and the set qualifiers (ForAllValues true, ForAnyValue false).
 */
export function conditionHolds(c: CompiledCondition, ctx: RequestContext): boolean {
  const present = ctx.get(c.lowerKey);
  if (c.family === 'Null') {
    return c.values.some((v) => v.t === 'null' && v.absent !== undefined && v.absent === (present === undefined));
  }
  if (present === undefined) {
    if (c.ifExists) return true;
    if (c.qualifier === 'ForAllValues') return true;
    if (c.qualifier === 'ForAnyValue') return false;
    return c.negated;
  }
  const lookup: VariableLookup = (k) => ctx.scalar(k);
  const positive = (rv: string): boolean => c.values.some((v) => valueMatches(c, rv, v, lookup));
  const single = (rv: string): boolean => (c.negated ? !positive(rv) : positive(rv));
  if (c.qualifier === 'ForAllValues') return present.every(single);
  if (c.qualifier === 'ForAnyValue') return present.some(single);
  // Without a set qualifier a multi-valued key matches when any of its values does.
  return c.negated ? !present.some(positive) : present.some(positive);
}

/** Every operator and every key in a Condition block must hold (logical AND). */
export function conditionsHold(conditions: readonly CompiledCondition[], ctx: RequestContext): boolean {
  for (const c of conditions) if (!conditionHolds(c, ctx)) return false;
  return true;
}
