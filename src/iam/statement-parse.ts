import { compileArnPattern, type ArnPattern } from './arn.js';
import { parseConditionBlock, type CompiledCondition } from './conditions-parse.js';
import {
  LEGACY_PARSING,
  NEEDS_ACTIONS,
  NEEDS_PRINCIPAL,
  NEEDS_RESOURCES,
  NEEDS_VENDOR,
  NO_PRINCIPAL_ALLOWED,
  ONE_COLON,
  PolicyParseError,
  SID_NOT_ALPHANUMERIC,
  SYNTAX_ERROR,
  TRUST_ACTIONS,
  TRUST_NO_RESOURCE,
  syntaxError,
} from './policy-error.js';
import type { PolicyKind, PrincipalSpec, Statement } from './policy-types.js';
import { parsePrincipal } from './principals.js';
import { compileGlob, type Glob } from './wildcard.js';

/**
 * Problems other than plain syntax errors are collected with a rank, so a document with several
 * problems reports the one IAM reports first (its checks run in phases over all statements).
 */
export interface Issue {
  rank: number;
  error: PolicyParseError;
}

export const RANK = {
  version: 1,
  legacy: 2,
  duplicateSid: 3,
  actions: 4,
  resourceFormat: 5,
  actionVendor: 6,
  resources: 7,
  principal: 8,
  sid: 9,
  trust: 10,
} as const;

const STATEMENT_ELEMENTS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);

const TRUST_ACTION_NAMES = new Set(
  [
    'sts:AssumeRole',
    'sts:AssumeRoleWithSAML',
    'sts:AssumeRoleWithWebIdentity',
    'sts:TagSession',
    'sts:SetSourceIdentity',
    'sts:SetContext',
  ].map((a) => a.toLowerCase()),
);

function stringOrList(st: Record<string, unknown>, key: string, where: string): string[] | undefined {
  const v = st[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v as string[];
  throw syntaxError(`${where}: ${key} must be a string or a list of strings`);
}

function actionProblem(action: string): PolicyParseError | undefined {
  if (action === '*') return undefined;
  const parts = action.split(':');
  if (parts.length === 1) return new PolicyParseError(NEEDS_VENDOR, `action "${action}" has no service prefix`);
  if (parts.length > 2) return new PolicyParseError(ONE_COLON, `action "${action}" has more than one colon`);
  const vendor = parts[0] as string;
  if (/[^a-zA-Z0-9\-.]/.test(vendor)) return new PolicyParseError(`Vendor ${vendor} is not valid`, `bad service prefix in "${action}"`);
  return undefined;
}

/** IAM's resource format checks; the first problem, or undefined. */
function resourceProblem(r: string): { rank: number; error: PolicyParseError } | undefined {
  if (r === '*') return undefined;
  const first = r.indexOf(':');
  if (first < 0) {
    const msg = `Resource ${r} must be in ARN format or "*".`;
    return { rank: RANK.resourceFormat, error: new PolicyParseError(msg, msg) };
  }
  const parts = r.split(':');
  const partition = parts[1] as string;
  if (partition !== '*' && !PARTITIONS.has(partition)) {
    // Missing parts show as "*"; present but empty ones stay empty, as IAM prints them.
    const rest = parts.slice(2);
    const seg = (i: number): string => (i < rest.length && (rest[i] !== '' || rest.length > 1) ? (rest[i] as string) : '*');
    const tail = rest.length > 3 ? rest.slice(3).join(':') : '*';
    const msg = `Partition "${partition}" is not valid for resource "arn:${partition}:${seg(0)}:${seg(1)}:${seg(2)}:${tail}".`;
    return { rank: RANK.resourceFormat, error: new PolicyParseError(msg, msg) };
  }
  if (parts.length < 3) {
    const msg = 'Resource vendor must be fully qualified and cannot contain regexes.';
    return { rank: RANK.resourceFormat, error: new PolicyParseError(msg, `resource "${r}" has no service`) };
  }
  // What IAM's older parser insisted on: a service, and either six parts or no empty ones.
  if ((parts.length < 6 && r.includes('::')) || parts[2] === '') {
    return { rank: RANK.legacy, error: new PolicyParseError(LEGACY_PARSING, `resource "${r}" is not a well-formed ARN`) };
  }
  if (parts[2] === 'iam' && (parts[3] ?? '') !== '') {
    const msg = `IAM resource ${r} cannot contain region information.`;
    return { rank: RANK.resourceFormat, error: new PolicyParseError(msg, msg) };
  }
  return undefined;
}

function rankOf(e: PolicyParseError): number {
  if (e.message === LEGACY_PARSING) return RANK.legacy;
  if (e.message === NEEDS_VENDOR) return RANK.actionVendor;
  return RANK.principal;
}

export function parseStatement(raw: unknown, index: number, kind: PolicyKind, variables: boolean, issues: Issue[]): Statement {
  const where = `Statement ${index + 1}`;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw syntaxError(`${where} must be an object`);
  const st = raw as Record<string, unknown>;
  for (const k of Object.keys(st)) if (!STATEMENT_ELEMENTS.has(k)) throw syntaxError(`${where}: unknown element "${k}"`);
  if ('Action' in st && 'NotAction' in st) throw syntaxError(`${where}: has both Action and NotAction`);
  if ('Resource' in st && 'NotResource' in st) throw syntaxError(`${where}: has both Resource and NotResource`);
  if ('Principal' in st && 'NotPrincipal' in st) throw syntaxError(`${where}: has both Principal and NotPrincipal`);

  const effectRaw = st.Effect;
  if (typeof effectRaw !== 'string' || !['allow', 'deny'].includes(effectRaw.toLowerCase())) {
    throw syntaxError(`${where}: Effect must be "Allow" or "Deny"`);
  }
  if (effectRaw !== 'Allow' && effectRaw !== 'Deny') {
    issues.push({ rank: RANK.legacy, error: new PolicyParseError(LEGACY_PARSING, `${where}: Effect "${effectRaw}" must be spelled Allow or Deny`) });
  }
  const sid = st.Sid;
  if (sid !== undefined && typeof sid !== 'string') throw syntaxError(`${where}: Sid must be a string`);

  const actions = stringOrList(st, 'Action', where);
  const notActions = stringOrList(st, 'NotAction', where);
  const resources = stringOrList(st, 'Resource', where);
  const notResources = stringOrList(st, 'NotResource', where);

  let conditions: CompiledCondition[] = [];
  if (st.Condition !== undefined) {
    try {
      conditions = parseConditionBlock(st.Condition, variables, where);
    } catch (e) {
      if (!(e instanceof PolicyParseError) || e.message === SYNTAX_ERROR) throw e;
      issues.push({ rank: rankOf(e), error: e });
    }
  }

  let principal: PrincipalSpec | undefined;
  let notPrincipal: PrincipalSpec | undefined;
  for (const key of ['Principal', 'NotPrincipal'] as const) {
    if (st[key] === undefined) continue;
    try {
      const spec = parsePrincipal(st[key], where);
      if (key === 'Principal') principal = spec;
      else notPrincipal = spec;
    } catch (e) {
      if (!(e instanceof PolicyParseError) || e.message === SYNTAX_ERROR) throw e;
      issues.push({ rank: RANK.principal, error: e });
    }
  }

  const actionList = actions ?? notActions;
  if (!actionList || actionList.length === 0) {
    issues.push({ rank: RANK.actions, error: new PolicyParseError(NEEDS_ACTIONS, `${where} has no Action`) });
  }
  for (const a of actionList ?? []) {
    const p = actionProblem(a);
    if (p) issues.push({ rank: RANK.actionVendor, error: p });
  }
  for (const r of [...(resources ?? []), ...(notResources ?? [])]) {
    const p = resourceProblem(r);
    if (p) issues.push(p);
  }
  const resourceList = resources ?? notResources;
  if (kind === 'trust') {
    if (resourceList) issues.push({ rank: RANK.trust, error: new PolicyParseError(TRUST_NO_RESOURCE, `${where}: trust policies name no Resource`) });
    for (const a of actionList ?? []) {
      if (!TRUST_ACTION_NAMES.has(a.toLowerCase())) {
        issues.push({ rank: RANK.trust, error: new PolicyParseError(TRUST_ACTIONS, `${where}: "${a}" is not a role-assumption action`) });
      }
    }
  } else if (kind === 'identity' && (!resourceList || resourceList.length === 0)) {
    issues.push({ rank: RANK.resources, error: new PolicyParseError(NEEDS_RESOURCES, `${where} has no Resource`) });
  }
  const hasPrincipal = st.Principal !== undefined || st.NotPrincipal !== undefined;
  if (kind === 'identity' && hasPrincipal) {
    issues.push({ rank: RANK.principal, error: new PolicyParseError(NO_PRINCIPAL_ALLOWED, `${where}: identity policies name no Principal`) });
  } else if (kind !== 'identity' && !hasPrincipal) {
    issues.push({ rank: RANK.principal, error: new PolicyParseError(NEEDS_PRINCIPAL, `${where} has no Principal`) });
  }
  // IAM's own documents (identity and trust policies) only take letters and digits in a Sid;
  // KMS key policies and secret policies take any text ("Enable IAM User Permissions").
  if ((kind === 'identity' || kind === 'trust') && typeof sid === 'string' && !/^[0-9A-Za-z]*$/.test(sid)) {
    issues.push({ rank: RANK.sid, error: new PolicyParseError(SID_NOT_ALPHANUMERIC, `${where}: Sid "${sid}" is not alphanumeric`) });
  }

  const actionGlobs = (list: string[] | undefined): Glob[] | undefined =>
    list?.map((a) => compileGlob(a, { ignoreCase: true, wildcards: true, variables: false }));
  const resourcePatterns = (list: string[] | undefined): ArnPattern[] | undefined =>
    list?.map((r) => compileArnPattern(r, variables));
  const resource = resourcePatterns(resources);
  const notResource = resourcePatterns(notResources);

  const required = new Set<string>();
  for (const p of [...(resource ?? []), ...(notResource ?? [])]) for (const v of p.whole.template.required) required.add(v);
  for (const c of conditions) for (const v of c.variables) required.add(v);

  return {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: effectRaw.toLowerCase() === 'deny' ? 'Deny' : 'Allow',
    action: actionGlobs(actions),
    notAction: actionGlobs(notActions),
    resource,
    notResource,
    principal,
    notPrincipal,
    conditions,
    requiredVariables: [...required],
  };
}
