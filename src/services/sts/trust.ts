import { evaluate, globalContextKeys, parsePolicy, type AuthzPrincipal, type ContextInput, type PolicySet, type PolicySource } from '../../iam/index.js';
import { policiesForPrincipal, type PolicyDocument } from '../../identity/principal-policies.js';
import { AwsError } from '../../protocol/errors.js';
import type { Principal } from '../../protocol/operation.js';
import type { AppServices } from '../../server/app-services.js';
import type { RoleRecord } from '../iam/records.js';

const source = (d: PolicyDocument): PolicySource => ({ policy: parsePolicy(d.document, 'identity'), arn: d.arn, name: d.name });

/** STS's refusal: no "because …" clause, unlike most services. */
export const notAuthorized = (who: string, action: string, resource: string): AwsError =>
  new AwsError('AccessDeniedException', `User: ${who} is not authorized to perform: ${action} on resource: ${resource}`);

/**
 * May `caller` perform `action` (sts:AssumeRole, sts:TagSession) on the role? The trust policy
 * has to grant it, like a KMS key policy: within the account a trust policy naming the account
 * hands the decision to the caller's IAM policies; one naming the caller (or the role session)
 * suffices alone; across accounts both sides must allow. Service principals only need the trust
 * policy to name them.
 */
export async function trusts(
  app: AppServices,
  role: RoleRecord,
  caller: Principal | AuthzPrincipal,
  action: string,
  context: ContextInput,
  now: number,
): Promise<boolean> {
  const set: PolicySet = { resource: { policy: parsePolicy(role.trustPolicy, 'trust') }, kmsKeyPolicy: true, resourceAccount: role.arn.split(':')[4] as string };
  if ('accessKeyId' in caller && (caller.type === 'user' || caller.type === 'assumed-role')) {
    const mine = await policiesForPrincipal(app, caller);
    set.identity = mine.identity.map(source);
    if (mine.sessionPolicy !== undefined) set.session = [{ policy: parsePolicy(mine.sessionPolicy, 'identity') }];
    if (mine.boundary !== undefined) set.boundary = source(mine.boundary);
  }
  return evaluate({ action, resource: role.arn, principal: caller, context, now }, set).allowed;
}

/** The condition keys a role assumption is judged with. */
export function assumeContext(input: {
  sourceIp?: string;
  secureTransport?: boolean;
  region?: string;
  sessionName: string;
  externalId?: string;
  sourceIdentity?: string;
  requestTags?: Record<string, string>;
  extra?: Record<string, string>;
}): ContextInput {
  const keys: Record<string, string | boolean | string[] | undefined> = {
    ...globalContextKeys({ sourceIp: input.sourceIp, secureTransport: input.secureTransport, region: input.region, requestTags: input.requestTags }),
    'sts:RoleSessionName': input.sessionName,
    ...input.extra,
  };
  if (input.externalId !== undefined) keys['sts:ExternalId'] = input.externalId;
  if (input.sourceIdentity !== undefined) keys['sts:SourceIdentity'] = input.sourceIdentity;
  return keys;
}
