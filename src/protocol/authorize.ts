import { AwsError } from './errors.js';
import type { AnyOperation, AuthzTarget, RequestContext } from './operation.js';

/**
 * The one place a call is allowed or refused. Until IAM policies are evaluated here,
 * an account's admin (root) credentials may do everything in their own account and
 * any other principal nothing.
 */
export function authorize(ctx: RequestContext, op: AnyOperation, target: AuthzTarget): void {
  if (op.neverDenied) return;
  const ownAccount = (target.resourceAccount ?? ctx.account) === ctx.principal.account;
  if (ctx.principal.admin && ownAccount) return;
  throw accessDenied(ctx.principal.arn, op.action, target.resource);
}

export function accessDenied(principalArn: string, action: string, resource: string | undefined): AwsError {
  const on = resource === undefined ? '' : ` on resource: ${resource}`;
  return new AwsError(
    'AccessDeniedException',
    `User: ${principalArn} is not authorized to perform: ${action}${on} because no identity-based policy allows the ${action} action`,
  );
}
