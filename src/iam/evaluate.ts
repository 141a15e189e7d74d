import type {
  AuthzRequest,
  Decision,
  DenyReason,
  MatchedStatement,
  PolicyInput,
  PolicySet,
  PolicySource,
  PolicySourceKind,
} from './authz-types.js';
import { arnAccount } from './arn.js';
import type { GrantStrength } from './principals.js';
import { buildContext } from './request-context.js';
import { statementApplies, type PreparedRequest } from './statement-match.js';

interface Scan {
  allows: { m: MatchedStatement; strength: GrantStrength }[];
  denies: MatchedStatement[];
}

const RANK: Record<GrantStrength, number> = { account: 1, role: 2, direct: 3 };

function toSource(p: PolicyInput): PolicySource {
  return 'statements' in p ? { policy: p } : p;
}

function scan(inputs: readonly PolicyInput[], source: PolicySourceKind, req: PreparedRequest): Scan {
  const out: Scan = { allows: [], denies: [] };
  const checkPrincipal = source === 'resource';
  for (const input of inputs) {
    const { policy, arn, name } = toSource(input);
    for (const st of policy.statements) {
      const strength = statementApplies(st, req, checkPrincipal);
      if (!strength) continue;
      const m: MatchedStatement = { source, effect: st.effect, index: st.index };
      if (st.sid !== undefined) m.sid = st.sid;
      if (arn !== undefined) m.policyArn = arn;
      if (name !== undefined) m.policyName = name;
      if (st.effect === 'Deny') out.denies.push(m);
      else out.allows.push({ m, strength });
    }
  }
  return out;
}

const deny = (reason: DenyReason, statements: MatchedStatement[] = []): Decision => ({ allowed: false, reason, statements });

function allow(allowedBy: Decision['allowedBy'], ...scans: (Scan | undefined)[]): Decision {
  const statements: MatchedStatement[] = [];
  for (const s of scans) if (s) for (const a of s.allows) statements.push(a.m);
  return { allowed: true, reason: 'allowed', allowedBy, statements };
}

/**
 * Decide a request the way AWS does (IAM User Guide, policy evaluation logic):
 * default deny; an explicit Deny in any policy wins; within one account an Allow in the identity
 * policies or in the resource policy suffices; across accounts both sides must allow; permissions
 * boundaries and session policies bound the identity side, except where the resource policy names
 * the user or role session itself. With `kmsKeyPolicy` the resource policy must allow even within
 * the account, and IAM policies count only where it allows the account.
 */
export function evaluate(request: AuthzRequest, set: PolicySet): Decision {
  const ctx = buildContext(request);
  const req: PreparedRequest = {
    action: request.action,
    resource: request.resource,
    principal: request.principal,
    ctx,
    lookup: (k) => ctx.scalar(k),
  };
  const p = request.principal;
  const identity = scan(set.identity ?? [], 'identity', req);
  const resource = set.resource ? scan([set.resource], 'resource', req) : undefined;
  const boundary = set.boundary ? scan([set.boundary], 'boundary', req) : undefined;
  const session = set.session ? scan(set.session, 'session', req) : undefined;

  const denyChecks: [Scan | undefined, DenyReason][] = [
    [identity, 'explicit-deny-identity'],
    [resource, 'explicit-deny-resource'],
    [boundary, 'explicit-deny-boundary'],
    [session, 'explicit-deny-session'],
  ];
  const firstDeny = denyChecks.find(([s]) => s && s.denies.length > 0);
  if (firstDeny) {
    const [decisive, reason] = firstDeny;
    const others = denyChecks.flatMap(([s]) => (s && s !== decisive ? s.denies : []));
    return deny(reason, [...(decisive as Scan).denies, ...others]);
  }

  let grant: GrantStrength | undefined;
  for (const a of resource?.allows ?? []) if (!grant || RANK[a.strength] > RANK[grant]) grant = a.strength;

  if (p.type === 'service') {
    // Service principals have no identity policies: only a resource policy can let them in.
    return grant ? allow('resource', resource) : deny('no-resource-allow');
  }

  // The account root has every permission its account can give; boundaries and sessions do not apply.
  const isRoot = p.type === 'root';
  const boundaryOk = isRoot || !boundary || boundary.allows.length > 0;
  const sessionOk = isRoot || !session || session.allows.length > 0;
  const identityOk = isRoot || identity.allows.length > 0;
  const limits = (): DenyReason | undefined => (!boundaryOk ? 'no-boundary-allow' : !sessionOk ? 'no-session-allow' : undefined);
  const identitySide = (): DenyReason | undefined => (!identityOk ? 'no-identity-allow' : limits());
  const identityAllow = (): Decision => allow(isRoot ? 'root' : 'identity', identity, boundary, session);

  const owner = set.resourceAccount ?? (request.resource !== undefined ? arnAccount(request.resource) : undefined) ?? p.account;
  const crossAccount = owner !== p.account;
  if (crossAccount) {
    const failure = identitySide();
    if (failure) return deny(failure);
    if (!grant) return deny('no-resource-allow');
    return allow('resource', identity, boundary, session, resource);
  }

  if (set.kmsKeyPolicy && !grant) return deny('no-resource-allow');
  // A grant to the exact user or session is not limited by implicit denies elsewhere.
  if (grant === 'direct') return allow('resource', resource);
  if (grant === 'role') {
    const failure = limits();
    return failure ? deny(failure) : allow('resource', resource);
  }
  // No grant, or a grant to the account: the account's IAM policies decide.
  const failure = identitySide();
  return failure ? deny(failure) : identityAllow();
}
