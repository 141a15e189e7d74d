import { arnMatches, splitArn } from './arn.js';
import type { CompiledCondition, ConditionValue } from './conditions-parse.js';
import { parseDate } from './dates.js';
import { cidrContainsIp, parseIp, type IpValue } from './ip.js';
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

/** A request value converted once for the operator's family (not once per policy value). */
type Prepared =
  | { t: 'text'; v: string }
  | { t: 'num'; v: number | undefined }
  | { t: 'ip'; v: IpValue | undefined }
  | { t: 'bin'; v: Buffer };

function prepare(c: CompiledCondition, raw: string): Prepared {
  switch (c.family) {
    case 'Numeric':
      return { t: 'num', v: NUMBER.test(raw.trim()) ? Number(raw) : undefined };
    case 'Date':
      return { t: 'num', v: parseDate(raw) };
    case 'Ip':
      return { t: 'ip', v: parseIp(raw) };
    case 'Binary':
      return { t: 'bin', v: Buffer.from(raw, 'base64') };
    default:
      return { t: 'text', v: raw };
  }
}

/** Does one request value match one policy value, before any negation? */
function valueMatches(c: CompiledCondition, rv: Prepared, v: ConditionValue, lookup: VariableLookup): boolean {
  switch (v.t) {
    case 'glob':
      return rv.t === 'text' && globMatches(v.g, rv.v, lookup) === true;
    case 'num':
    case 'date':
      return rv.t === 'num' && rv.v !== undefined && compare(c.test, rv.v, v.v);
    case 'bin':
      return rv.t === 'bin' && rv.v.equals(v.v);
    case 'cidr':
      return rv.t === 'ip' && rv.v !== undefined && v.v !== undefined && cidrContainsIp(v.v, rv.v);
    case 'arn':
      // ARN operators compare the six parts one by one; a value that is not an ARN never matches.
      return rv.t === 'text' && splitArn(rv.v, 6).length === 6 && arnMatches(v.p, rv.v, lookup) === true;
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
  const positive = (raw: string): boolean => {
    const rv = prepare(c, raw);
    return c.values.some((v) => valueMatches(c, rv, v, lookup));
  };
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
