import { compileArnPattern, type ArnPattern } from './arn.js';
import { parseDate } from './dates.js';
import { parseCidr, type Cidr } from './ip.js';
import { LEGACY_PARSING, NEEDS_VENDOR, PolicyParseError, syntaxError } from './policy-error.js';
import { compileGlob, type Glob } from './wildcard.js';

export type ConditionFamily = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';
export type ConditionTest = 'eq' | 'eqi' | 'like' | 'lt' | 'le' | 'gt' | 'ge' | 'cidr' | 'arn' | 'null';

interface OperatorInfo {
  family: ConditionFamily;
  test: ConditionTest;
  negated: boolean;
}

const op = (family: ConditionFamily, test: ConditionTest, negated = false): OperatorInfo => ({ family, test, negated });

export const OPERATORS: Readonly<Record<string, OperatorInfo>> = {
  StringEquals: op('String', 'eq'),
  StringNotEquals: op('String', 'eq', true),
  StringEqualsIgnoreCase: op('String', 'eqi'),
  StringNotEqualsIgnoreCase: op('String', 'eqi', true),
  StringLike: op('String', 'like'),
  StringNotLike: op('String', 'like', true),
  NumericEquals: op('Numeric', 'eq'),
  NumericNotEquals: op('Numeric', 'eq', true),
  NumericLessThan: op('Numeric', 'lt'),
  NumericLessThanEquals: op('Numeric', 'le'),
  NumericGreaterThan: op('Numeric', 'gt'),
  NumericGreaterThanEquals: op('Numeric', 'ge'),
  DateEquals: op('Date', 'eq'),
  DateNotEquals: op('Date', 'eq', true),
  DateLessThan: op('Date', 'lt'),
  DateLessThanEquals: op('Date', 'le'),
  DateGreaterThan: op('Date', 'gt'),
  DateGreaterThanEquals: op('Date', 'ge'),
  Bool: op('Bool', 'eqi'),
  BinaryEquals: op('Binary', 'eq'),
  IpAddress: op('Ip', 'cidr'),
  NotIpAddress: op('Ip', 'cidr', true),
  ArnEquals: op('Arn', 'arn'),
  ArnLike: op('Arn', 'arn'),
  ArnNotEquals: op('Arn', 'arn', true),
  ArnNotLike: op('Arn', 'arn', true),
  Null: op('Null', 'null'),
};

export type ConditionValue =
  | { t: 'glob'; g: Glob }
  | { t: 'num'; v: number }
  | { t: 'date'; v: number }
  | { t: 'bin'; v: Buffer }
  | { t: 'cidr'; v: Cidr | undefined }
  | { t: 'arn'; p: ArnPattern }
  | { t: 'null'; absent: boolean | undefined };

export interface CompiledCondition {
  /** As written, e.g. "ForAnyValue:StringLikeIfExists". */
  operator: string;
  family: ConditionFamily;
  test: ConditionTest;
  negated: boolean;
  qualifier: 'ForAllValues' | 'ForAnyValue' | undefined;
  ifExists: boolean;
  key: string;
  lowerKey: string;
  values: ConditionValue[];
  /** Lower-cased variables (without defaults) the values use. */
  variables: string[];
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function scalarText(v: unknown, where: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw syntaxError(`${where}: condition values must be strings, numbers or booleans`);
}

function compileValue(info: OperatorInfo, text: string, variables: boolean, where: string): ConditionValue {
  switch (info.family) {
    case 'String':
      return {
        t: 'glob',
        g: compileGlob(text, { wildcards: info.test === 'like', ignoreCase: info.test === 'eqi', variables }),
      };
    case 'Bool':
      return { t: 'glob', g: compileGlob(text, { wildcards: false, ignoreCase: true, variables }) };
    case 'Numeric':
      return { t: 'num', v: NUMBER.test(text.trim()) ? Number(text) : Number.NaN };
    case 'Date': {
      const v = parseDate(text);
      if (v === undefined) throw new PolicyParseError(LEGACY_PARSING, `${where}: "${text}" is not a date`);
      return { t: 'date', v };
    }
    case 'Binary':
      return { t: 'bin', v: Buffer.from(text, 'base64') };
    case 'Ip':
      return { t: 'cidr', v: parseCidr(text) };
    case 'Arn':
      return { t: 'arn', p: compileArnPattern(text, variables) };
    case 'Null': {
      const l = text.toLowerCase();
      return { t: 'null', absent: l === 'true' ? true : l === 'false' ? false : undefined };
    }
  }
}

function splitOperator(name: string): { base: string; qualifier: CompiledCondition['qualifier']; ifExists: boolean } {
  let base = name;
  let qualifier: CompiledCondition['qualifier'];
  if (base.startsWith('ForAllValues:')) {
    qualifier = 'ForAllValues';
    base = base.slice('ForAllValues:'.length);
  } else if (base.startsWith('ForAnyValue:')) {
    qualifier = 'ForAnyValue';
    base = base.slice('ForAnyValue:'.length);
  }
  const ifExists = base.endsWith('IfExists') && base !== 'IfExists';
  if (ifExists) base = base.slice(0, -'IfExists'.length);
  return { base, qualifier, ifExists };
}

/** Compile a statement's Condition block. `variables`: the document is Version 2012-10-17. */
export function parseConditionBlock(block: unknown, variables: boolean, where: string): CompiledCondition[] {
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    throw syntaxError(`${where}: Condition must be an object`);
  }
  const out: CompiledCondition[] = [];
  for (const [operator, body] of Object.entries(block as Record<string, unknown>)) {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) {
      throw syntaxError(`${where}: the value of condition operator ${operator} must be an object`);
    }
    const { base, qualifier, ifExists } = splitOperator(operator);
    const info = OPERATORS[base];
    if (!info || (info.family === 'Null' && ifExists)) {
      throw syntaxError(`${where}: unknown condition operator ${operator}`);
    }
    for (const [key, raw] of Object.entries(body as Record<string, unknown>)) {
      if (!/^[^:]+:.+/.test(key)) throw new PolicyParseError(NEEDS_VENDOR, `${where}: condition key "${key}" has no vendor prefix`);
      const list = Array.isArray(raw) ? (raw as unknown[]) : [raw];
      const at = `${where} ${operator} ${key}`;
      const values = list.map((v) => compileValue(info, scalarText(v, at), variables, at));
      const vars = new Set<string>();
      for (const v of values) {
        const tpl = v.t === 'glob' ? v.g.template : v.t === 'arn' ? v.p.whole.template : undefined;
        for (const r of tpl?.required ?? []) vars.add(r);
      }
      out.push({
        operator,
        family: info.family,
        test: info.test,
        negated: info.negated,
        qualifier,
        ifExists,
        key,
        lowerKey: key.toLowerCase(),
        values,
        variables: [...vars],
      });
    }
  }
  return out;
}
