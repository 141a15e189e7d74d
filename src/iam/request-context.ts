import type { AuthzPrincipal, AuthzRequest, ContextInput, ContextValue } from './authz-types.js';
import { splitArn } from './arn.js';

/**
 * The request context as the evaluator reads it: keys lower-cased (AWS condition keys are
 * case-insensitive), every value a list of strings, empty lists treated as absent. Keys the
 * caller passes win over the ones derived from the principal.
 */
export class RequestContext {
  /** Lower-cased key to its value as given. */
  private readonly values = new Map<string, ContextValue>();
  /** Values already read, as lists. */
  private readonly lists = new Map<string, readonly string[] | undefined>();
  /** The caller's keys as given, indexed into `values` on the first lookup: most policies ask for none. */
  private pending: ContextInput | (() => ContextInput) | undefined;
  private derived: Map<string, readonly string[]> | undefined;
  private time: { iso: readonly string[]; epoch: readonly string[] } | undefined;

  /** Keys derived from the principal and the clock are computed only if a policy asks for one. */
  constructor(
    private readonly principal?: AuthzPrincipal,
    private readonly now?: number,
    input?: ContextInput | (() => ContextInput),
  ) {
    this.pending = input;
  }

  set(key: string, value: ContextValue): void {
    this.index();
    const k = key.toLowerCase();
    this.values.set(k, value);
    this.lists.delete(k);
  }

  private index(): void {
    if (this.pending === undefined) return;
    const input = typeof this.pending === 'function' ? this.pending() : this.pending;
    this.pending = undefined;
    for (const k in input) this.values.set(lower(k), input[k]);
  }

  has(lowerKey: string): boolean {
    return this.get(lowerKey) !== undefined;
  }

  get(lowerKey: string): readonly string[] | undefined {
    this.index();
    let list = this.lists.get(lowerKey);
    if (list === undefined && !this.lists.has(lowerKey)) {
      list = toList(this.values.get(lowerKey));
      this.lists.set(lowerKey, list);
    }
    if (list) return list;
    if (this.now !== undefined && (lowerKey === 'aws:currenttime' || lowerKey === 'aws:epochtime')) {
      this.time ??= { iso: [new Date(this.now).toISOString()], epoch: [String(Math.floor(this.now / 1000))] };
      return lowerKey === 'aws:currenttime' ? this.time.iso : this.time.epoch;
    }
    return this.principalKeys().get(lowerKey);
  }

  /** A variable's value: only single-valued keys substitute into a policy. */
  scalar(lowerKey: string): string | undefined {
    const v = this.get(lowerKey);
    return v && v.length === 1 ? v[0] : undefined;
  }

  private principalKeys(): Map<string, readonly string[]> {
    this.derived ??= this.principal ? principalKeyMap(this.principal) : new Map();
    return this.derived;
  }
}

// Condition key names repeat from request to request: lower-case each distinct one once.
const lowered = new Map<string, string>();
function lower(k: string): string {
  let l = lowered.get(k);
  if (l === undefined) {
    l = k.toLowerCase();
    if (lowered.size < 10_000) lowered.set(k, l);
  }
  return l;
}

// Callers usually hand the same (immutable) principal object to every check of one caller.
const principalKeyCache = new WeakMap<AuthzPrincipal, Map<string, readonly string[]>>();

function principalKeyMap(p: AuthzPrincipal): Map<string, readonly string[]> {
  const hit = principalKeyCache.get(p);
  if (hit) return hit;
  const m = new Map<string, readonly string[]>();
  const keys = principalContextKeys(p);
  for (const k in keys) {
    const list = toList(keys[k]);
    if (list) m.set(k.toLowerCase(), list);
  }
  principalKeyCache.set(p, m);
  return m;
}

function toList(value: ContextValue): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? (value as readonly string[]).map(String) : [String(value)];
  // An empty list (no tags at all) is the same as a missing key.
  return list.length === 0 ? undefined : list;
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
  const tags = input.resourceTags;
  if (tags) {
    for (const k in tags) {
      keys[`aws:ResourceTag/${k}`] = tags[k];
      if (input.servicePrefix) keys[`${input.servicePrefix}:ResourceTag/${k}`] = tags[k];
    }
  }
  if (input.requestTags) {
    for (const [k, v] of Object.entries(input.requestTags)) keys[`aws:RequestTag/${k}`] = v;
    keys['aws:TagKeys'] = Object.keys(input.requestTags);
  }
  return keys;
}

export function buildContext(req: AuthzRequest): RequestContext {
  return new RequestContext(req.principal, req.now, req.context);
}

export type { ContextInput };
