import { accessDeniedMessage, evaluate, globalContextKeys, parsePolicy, type PolicySet, type PolicySource } from '../iam/index.js';
import { policiesForPrincipal } from '../identity/principal-policies.js';
import { AwsError } from './errors.js';
import type { AnyOperation, AuthzTarget, RequestContext } from './operation.js';

/**
 * The one place a call is allowed or refused, the way IAM decides it: identity policies
 * (user and groups, or role and session policy), the resource's own policy (a secret's
 * resource policy, a KMS key policy), explicit deny first. Dev mode is permissive unless
 * started with --enforce-iam, as local emulators are.
 */
export async function authorize(ctx: RequestContext, op: AnyOperation, target: AuthzTarget): Promise<void> {
  if (op.neverDenied) return;
  const { config } = ctx.app;
  if (config.dev && !config.enforceIam) return;
  const principal = ctx.principal;
  const set: PolicySet = { resourceAccount: target.resourceAccount ?? ctx.account };
  if (principal.type !== 'root' || principal.account !== set.resourceAccount) {
    const mine = await policiesForPrincipal(ctx.app, principal);
    set.identity = mine.identity.map(asSource);
    if (mine.sessionPolicy !== undefined) set.session = [asSource(mine.sessionPolicy)];
    if (mine.boundary !== undefined) set.boundary = asSource(mine.boundary);
  }
  if (target.resourcePolicy !== undefined) {
    const isKey = target.resourcePolicyKind === 'kms-key';
    set.resource = parsePolicy(target.resourcePolicy, isKey ? 'key' : 'resource', 'MalformedPolicyDocumentException');
    set.kmsKeyPolicy = isKey;
  }
  const context = {
    ...globalContextKeys({
      sourceIp: ctx.sourceIp,
      secureTransport: ctx.secureTransport,
      region: ctx.region,
      resourceTags: target.resourceTags,
      requestTags: target.requestTags,
      servicePrefix: target.tagConditionPrefix,
    }),
    ...target.conditionKeys,
  };
  const decision = evaluate({ action: op.action, resource: target.resource, principal, context, now: ctx.now }, set);
  if (!decision.allowed) {
    throw new AwsError('AccessDeniedException', accessDeniedMessage(principal.arn, op.action, target.resource, decision));
  }
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
