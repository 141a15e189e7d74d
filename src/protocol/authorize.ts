import {
  accessDeniedMessage,
  encryptionContextFromKeys,
  evaluate,
  globalContextKeys,
  grantAllowing,
  parsePolicy,
  type AuthzRequest,
  type ContextInput,
  type Decision,
  type PolicyKind,
  type PolicySet,
  type PolicySource,
} from '../iam/index.js';
import { policiesForPrincipal } from '../identity/principal-policies.js';
import { AwsError } from './errors.js';
import type { AnyOperation, AuthzTarget, RequestContext } from './operation.js';
import { unrecognizedClient } from './sigv4/index.js';

/**
 * The one place a call is allowed or refused, the way IAM decides it: identity policies
 * (user and groups, or role and session policy), the resource's own policy (a secret's
 * resource policy, a KMS key policy, a role's trust policy), KMS grants, explicit deny first.
 * Dev mode is permissive unless started with --enforce-iam, as local emulators are.
 */
export async function authorize(ctx: RequestContext, op: AnyOperation, target: AuthzTarget): Promise<void> {
  if (op.neverDenied || !enforcing(ctx)) return;
  // GetSessionToken's credentials cannot call the IAM API without MFA, which coffer has not; AWS
  // answers as for an unknown token.
  if (ctx.service === 'iam' && ctx.principal.sessionKind === 'session-token') throw unrecognizedClient();
  await authorizeAction(ctx, op.action, target);
}

/**
 * Decide one action on one target as the request's principal. Besides the dispatcher's own
 * call, operations use it for the second resource a call touches (ReEncrypt's destination
 * key), for each secret of a BatchGetSecretValue, and Secrets Manager's use of KMS on the
 * caller's behalf (with kms:ViaService).
 */
export async function authorizeAction(ctx: RequestContext, action: string, target: AuthzTarget): Promise<void> {
  if (!enforcing(ctx)) return;
  const decision = await decide(ctx, action, target);
  if (!decision.allowed) throw refusal(ctx.principal.arn, action, target, decision);
}

const enforcing = (ctx: RequestContext): boolean => !ctx.app.config.dev || ctx.app.config.enforceIam;

const ROOT: Decision = Object.freeze({ allowed: true, reason: 'allowed', allowedBy: 'root', statements: [] }) as Decision;
const BY_GRANT: Decision = Object.freeze({ allowed: true, reason: 'allowed', allowedBy: 'grant', statements: [] }) as Decision;

const POLICY_KIND: Record<NonNullable<AuthzTarget['resourcePolicyKind']>, PolicyKind> = {
  secret: 'resource',
  'kms-key': 'key',
  'role-trust': 'trust',
};

export async function decide(ctx: RequestContext, action: string, target: AuthzTarget): Promise<Decision> {
  const principal = ctx.principal;
  const owner = target.resourceAccount ?? ctx.account;
  const kind = target.resourcePolicyKind;
  // Key policies and trust policies must allow the call themselves, even within the account.
  const mustGrant = kind === 'kms-key' || kind === 'role-trust';
  // The account root on its own account's resource, with no resource policy to weigh: nothing can refuse it.
  if (principal.type === 'root' && principal.account === owner && target.resourcePolicy === undefined && !mustGrant) return ROOT;

  const set: PolicySet = { resourceAccount: owner };
  if (principal.type === 'user' || principal.type === 'assumed-role') {
    const mine = await policiesForPrincipal(ctx.app, principal);
    set.identity = mine.identity.map(asSource);
    if (mine.sessionPolicy !== undefined) set.session = [asSource(mine.sessionPolicy)];
    if (mine.boundary !== undefined) set.boundary = asSource(mine.boundary);
  }
  if (target.resourcePolicy !== undefined) {
    set.resource = parsePolicy(target.resourcePolicy, POLICY_KIND[kind ?? 'secret'], 'MalformedPolicyDocumentException');
  }
  if (mustGrant) set.kmsKeyPolicy = true;
  const request: AuthzRequest = { action, resource: target.resource, principal, context: () => contextOf(ctx, target), now: ctx.now };
  const decision = evaluate(request, set);
  if (decision.allowed || !target.grants || decision.reason.startsWith('explicit-deny')) return decision;

  const hit = grantAllowing(await target.grants(), {
    action,
    principal,
    encryptionContext: encryptionContextFromKeys(target.conditionKeys),
    grantOperations: listOf(target.conditionKeys?.['kms:GrantOperations']),
  });
  if (!hit) return decision;
  if (hit.match === 'direct') return BY_GRANT;
  // A grant to the caller's account: its IAM policies decide, as for a key policy naming the account.
  const own = evaluate(request, { identity: set.identity, session: set.session, boundary: set.boundary, resourceAccount: principal.account });
  return own.allowed ? BY_GRANT : decision;
}

function contextOf(ctx: RequestContext, target: AuthzTarget): ContextInput {
  const keys = globalContextKeys({
    sourceIp: ctx.sourceIp,
    secureTransport: ctx.secureTransport,
    region: ctx.region,
    resourceTags: target.resourceTags,
    requestTags: target.requestTags,
    servicePrefix: target.tagConditionPrefix,
  });
  const own = target.conditionKeys;
  if (own) for (const k in own) keys[k] = own[k];
  return keys;
}

const listOf = (v: string | string[] | undefined): string[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

function refusal(principalArn: string, action: string, target: AuthzTarget, decision: Decision): AwsError {
  const resource = target.resourceAsSent ?? target.resource;
  // STS states the refusal of a role assumption without saying which policy was missing.
  if (target.resourcePolicyKind === 'role-trust') {
    return new AwsError('AccessDeniedException', `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`);
  }
  return new AwsError('AccessDeniedException', accessDeniedMessage(principalArn, action, resource, decision));
}

function asSource(doc: string | { document: string; arn?: string; name?: string }): PolicySource {
  if (typeof doc === 'string') return { policy: parsePolicy(doc, 'identity') };
  return { policy: parsePolicy(doc.document, 'identity'), arn: doc.arn, name: doc.name };
}

export function accessDenied(principalArn: string, action: string, resource: string | undefined): AwsError {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  return new AwsError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
  );
}
