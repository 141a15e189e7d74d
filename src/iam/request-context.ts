import type { AuthzPrincipal, AuthzRequest, ContextInput, ContextValue } from './authz-types.js';
import { splitArn } from './arn.js';

/**
 * The request context as the evaluator reads it: keys lower-cased (AWS condition keys are
 * case-insensitive), every value a list of strings, empty lists treated as absent.
 */
export class RequestContext {
  private readonly values = new Map<string, readonly string[]>();

  set(key: string, value: ContextValue): void {
    if (value === undefined) return;
    const list = Array.isArray(value) ? (value as readonly string[]).map(String) : [String(value)];
    if (list.length === 0) return;
    this.values.set(key.toLowerCase(), list);
  }

  has(lowerKey: string): boolean {
    return this.values.has(lowerKey);
  }

  get(lowerKey: string): readonly string[] | undefined {
    return this.values.get(lowerKey);
  }

  /** A variable's value: only single-valued keys substitute into a policy. */
  scalar(lowerKey: string): string | undefined {
    const v = this.values.get(lowerKey);
    return v && v.length === 1 ? v[0] : undefined;
  }
}

/** arn:aws:sts::<acct>:assumed-role/<role>/<session> -> its role name and session name. */
export function assumedRoleParts(arn: string): { roleName: string; sessionName: string } | undefined {
  const resource = splitArn(arn, 6)[5] ?? '';
  const m = /^assumed-role\/([^/]+)\/(.+)$/.exec(resource);
  return m ? { roleName: m[1] as string, sessionName: m[2] as string } : undefined;
}

export function roleArnOf(p: AuthzPrincipal): string | undefined {
  if (p.type !== 'assumed-role') return undefined;
  if (p.roleArn) return p.roleArn;
  const parts = assumedRoleParts(p.arn);
  const partition = splitArn(p.arn, 6)[1] ?? 'aws';
  const roleName = p.name ?? parts?.roleName;
  return roleName ? `arn:${partition}:iam::${p.account}:role/${roleName}` : undefined;
}

const PRINCIPAL_TYPE: Record<AuthzPrincipal['type'], string | undefined> = {
  root: 'Account',
  user: 'User',
  'assumed-role': 'AssumedRole',
  service: undefined,
};

/** The global keys AWS derives from the caller (aws:username, aws:PrincipalArn, aws:PrincipalTag/…). */
export function principalContextKeys(p: AuthzPrincipal): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  if (p.type === 'service') {
    keys['aws:PrincipalIsAWSService'] = 'true';
    keys['aws:PrincipalServiceName'] = p.name;
    return keys;
  }
  keys['aws:PrincipalIsAWSService'] = 'false';
  keys['aws:PrincipalAccount'] = p.account;
  keys['aws:PrincipalType'] = PRINCIPAL_TYPE[p.type];
  keys['aws:userid'] = p.userId ?? (p.type === 'root' ? p.account : undefined);
  keys['aws:PrincipalArn'] = p.type === 'assumed-role' ? roleArnOf(p) : p.arn;
  // aws:username exists only for IAM users.
  if (p.type === 'user') keys['aws:username'] = p.name ?? (splitArn(p.arn, 6)[5] ?? '').split('/').pop();
  for (const [k, v] of Object.entries(p.tags ?? {})) keys[`aws:PrincipalTag/${k}`] = v;
  if (p.tags && Object.keys(p.tags).length > 0) keys['aws:PrincipalTagKeys'] = Object.keys(p.tags);
  return keys;
}

/** Request-level global keys a caller usually knows; spread the result into AuthzRequest.context. */
export function globalContextKeys(input: {
  sourceIp?: string;
  secureTransport?: boolean;
  region?: string;
  resourceTags?: Readonly<Record<string, string>>;
  requestTags?: Readonly<Record<string, string>>;
  /** Service prefix for its own tag keys, e.g. "secretsmanager" adds secretsmanager:ResourceTag/… too. */
  servicePrefix?: string;
}): Record<string, ContextValue> {
  const keys: Record<string, ContextValue> = {};
  if (input.sourceIp !== undefined) keys['aws:SourceIp'] = input.sourceIp;
  if (input.secureTransport !== undefined) keys['aws:SecureTransport'] = input.secureTransport;
  if (input.region !== undefined) keys['aws:RequestedRegion'] = input.region;
  for (const [k, v] of Object.entries(input.resourceTags ?? {})) {
    keys[`aws:ResourceTag/${k}`] = v;
    if (input.servicePrefix) keys[`${input.servicePrefix}:ResourceTag/${k}`] = v;
  }
  if (input.requestTags) {
    for (const [k, v] of Object.entries(input.requestTags)) keys[`aws:RequestTag/${k}`] = v;
    keys['aws:TagKeys'] = Object.keys(input.requestTags);
  }
  return keys;
}

export function buildContext(req: AuthzRequest): RequestContext {
  const ctx = new RequestContext();
  for (const [k, v] of Object.entries(principalContextKeys(req.principal))) ctx.set(k, v);
  if (req.now !== undefined) {
    ctx.set('aws:CurrentTime', new Date(req.now).toISOString());
    ctx.set('aws:EpochTime', String(Math.floor(req.now / 1000)));
  }
  for (const [k, v] of Object.entries(req.context ?? {})) ctx.set(k, v);
  return ctx;
}

export type { ContextInput };
