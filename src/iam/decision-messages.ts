import type { Decision, DenyReason } from './authz-types.js';

const PHRASES: Record<DenyReason, (action: string) => string> = {
  'explicit-deny-identity': () => 'with an explicit deny in an identity-based policy',
  'explicit-deny-resource': () => 'with an explicit deny in a resource-based policy',
  'explicit-deny-boundary': () => 'with an explicit deny in a permissions boundary',
  'explicit-deny-session': () => 'with an explicit deny in a session policy',
  'no-identity-allow': (a) => `because no identity-based policy allows the ${a} action`,
  'no-resource-allow': (a) => `because no resource-based policy allows the ${a} action`,
  'no-boundary-allow': (a) => `because no permissions boundary allows the ${a} action`,
  'no-session-allow': (a) => `because no session policy allows the ${a} action`,
};

/**
 * AWS's AccessDenied text, e.g. "User: arn:aws:iam::111122223333:user/alice is not authorized to
 * perform: secretsmanager:GetSecretValue on resource: <arn> because no identity-based policy
 * allows the secretsmanager:GetSecretValue action". Resourceless actions leave out
 * " on resource: …"; an explicit deny in a managed policy or boundary names that policy's ARN.
 */
export function accessDeniedMessage(principalArn: string, action: string, resource: string | undefined, decision: Decision): string {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  const head = `User: ${principalArn} is not authorized to perform: ${action}${on}`;
  if (decision.reason === 'allowed') return head;
  let tail = PHRASES[decision.reason](action);
  if (decision.reason === 'explicit-deny-identity' || decision.reason === 'explicit-deny-boundary') {
    const arn = decision.statements[0]?.policyArn;
    if (arn) tail += `: ${arn}`;
  }
  return `${head} ${tail}`;
}
