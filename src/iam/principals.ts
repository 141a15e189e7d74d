import { parseArn } from './arn.js';
import type { AuthzPrincipal } from './authz-types.js';
import { PolicyParseError, syntaxError } from './policy-error.js';
import type { AwsPrincipalEntry, PrincipalSpec } from './policy-types.js';
import { assumedRoleParts } from './request-context.js';

const invalidPrincipal = (k: string, v: string): PolicyParseError =>
  new PolicyParseError(`Invalid principal in policy: "${k}":"${v}"`, `unrecognised ${k} principal "${v}"`);

const UNIQUE_ID = /^A[A-Z0-9]{15,127}$/;

function parseAwsEntry(v: string): AwsPrincipalEntry {
  if (v === '*') return { kind: 'any' };
  if (/^\d{12}$/.test(v)) return { kind: 'account', account: v };
  if (UNIQUE_ID.test(v)) return { kind: 'unique-id', id: v };
  // Only "*" on its own is a wildcard; principals never match partially.
  if (v.includes('*') || v.includes('?')) throw invalidPrincipal('AWS', v);
  const arn = parseArn(v);
  if (!arn || !/^\d{12}$/.test(arn.account) || arn.region !== '') throw invalidPrincipal('AWS', v);
  const r = arn.resource;
  if (arn.service === 'iam') {
    if (r === 'root') return { kind: 'account', account: arn.account };
    if (/^user\/(.+\/)?[^/]+$/.test(r)) return { kind: 'user', arn: v };
    if (/^role\/(.+\/)?[^/]+$/.test(r)) return { kind: 'role', account: arn.account, roleName: r.split('/').pop() as string };
  } else if (arn.service === 'sts') {
    if (/^assumed-role\/[^/]+\/[^/]+$/.test(r)) return { kind: 'session', arn: v };
    if (/^federated-user\/[^/]+$/.test(r)) return { kind: 'federated-user', arn: v };
  }
  throw invalidPrincipal('AWS', v);
}

function stringList(k: string, v: unknown, where: string): string[] {
  const list = Array.isArray(v) ? (v as unknown[]) : [v];
  if (list.length === 0) throw syntaxError(`${where}: empty ${k} principal list`);
  return list.map((x) => {
    if (typeof x !== 'string' || x === '') throw syntaxError(`${where}: ${k} principals must be non-empty strings`);
    return x;
  });
}

export function parsePrincipal(value: unknown, where: string): PrincipalSpec {
  const spec: PrincipalSpec = { everyone: false, aws: [], services: [], federated: [], canonicalUsers: [] };
  if (value === '*') {
    spec.everyone = true;
    return spec;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw syntaxError(`${where}: Principal must be "*" or an object such as {"AWS": …}`);
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) throw syntaxError(`${where}: Principal is empty`);
  for (const [k, v] of entries) {
    const list = stringList(k, v, where);
    switch (k) {
      case 'AWS':
        spec.aws.push(...list.map(parseAwsEntry));
        break;
      case 'Service':
        for (const s of list) {
          if (!/^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(s)) throw invalidPrincipal('Service', s);
          spec.services.push(s.toLowerCase());
        }
        break;
      case 'Federated':
        spec.federated.push(...list);
        break;
      case 'CanonicalUser':
        spec.canonicalUsers.push(...list);
        break;
      default:
        throw invalidPrincipal(k, list[0] as string);
    }
  }
  return spec;
}

/**
 * How strongly a resource policy's Principal names the caller:
 * direct: the exact user, role session, service, or everyone ("*");
 * role: the role the session belongs to (still bounded by boundaries and session policies);
 * account: the caller's account, which delegates the decision to its IAM policies.
 */
export type GrantStrength = 'direct' | 'role' | 'account';

const RANK: Record<GrantStrength, number> = { account: 1, role: 2, direct: 3 };

function roleNameOf(p: AuthzPrincipal): string | undefined {
  return p.name ?? assumedRoleParts(p.arn)?.roleName;
}

function entryMatch(e: AwsPrincipalEntry, p: AuthzPrincipal): GrantStrength | undefined {
  switch (e.kind) {
    case 'any':
      return 'direct';
    case 'account':
      if (e.account !== p.account) return undefined;
      // The account principal is the root user itself, and a delegation for everyone else.
      return p.type === 'root' ? 'direct' : 'account';
    case 'user':
      return p.type === 'user' && p.arn === e.arn ? 'direct' : undefined;
    case 'role':
      return p.type === 'assumed-role' && p.account === e.account && roleNameOf(p) === e.roleName ? 'role' : undefined;
    case 'session':
      return p.type === 'assumed-role' && p.arn === e.arn ? 'direct' : undefined;
    case 'federated-user':
      return undefined;
    case 'unique-id': {
      if (!p.userId) return undefined;
      if (p.type === 'user' && p.userId === e.id) return 'direct';
      if (p.type === 'assumed-role' && p.userId.split(':')[0] === e.id) return 'role';
      return undefined;
    }
  }
}

export function principalMatch(spec: PrincipalSpec, p: AuthzPrincipal): GrantStrength | undefined {
  if (spec.everyone) return 'direct';
  if (p.type === 'service') return p.name && spec.services.includes(p.name.toLowerCase()) ? 'direct' : undefined;
  let best: GrantStrength | undefined;
  for (const e of spec.aws) {
    const m = entryMatch(e, p);
    if (m && (!best || RANK[m] > RANK[best])) best = m;
    if (best === 'direct') break;
  }
  return best;
}

/**
 * Does a NotPrincipal statement cover the caller? AWS checks the caller as a chain (account, then
 * role, then session or user) and advises listing every link. A Deny therefore covers the caller
 * unless every link is listed; an Allow covers it only when no link is listed. Both readings err
 * on the side of refusing.
 */
export function notPrincipalCovers(spec: PrincipalSpec, p: AuthzPrincipal, effect: 'Allow' | 'Deny'): boolean {
  if (spec.everyone) return false;
  const links: boolean[] = [];
  if (p.type === 'service') {
    links.push(!!p.name && spec.services.includes(p.name.toLowerCase()));
  } else {
    const listed = (pred: (e: AwsPrincipalEntry) => boolean): boolean => spec.aws.some((e) => e.kind === 'any' || pred(e));
    links.push(listed((e) => e.kind === 'account' && e.account === p.account));
    if (p.type === 'user') links.push(listed((e) => entryMatch(e, p) === 'direct'));
    if (p.type === 'assumed-role') {
      links.push(listed((e) => entryMatch(e, p) === 'role'));
      links.push(listed((e) => e.kind === 'session' && e.arn === p.arn));
    }
  }
  return effect === 'Deny' ? links.some((l) => !l) : links.every((l) => !l);
}
