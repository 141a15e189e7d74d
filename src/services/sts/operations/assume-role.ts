import type { AssumeRoleRequest, AssumeRoleResponse } from '../../../generated/sts-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { AuthzTarget, Operation, RequestContext } from '../../../protocol/operation.js';
import {
  checkRoleArnSyntax,
  checkSessionTags,
  findRole,
  packedPolicySize,
  sessionPolicies,
  sessionSeconds,
  startRoleSession,
} from '../role-session.js';
import { assumeContext, notAuthorized, trusts } from '../trust.js';

/** coffer has no MFA devices, so no token code can be valid. */
export const mfaFailed = (): AwsError => new AwsError('AccessDeniedException', 'MultiFactorAuthentication failed, unable to validate MFA code.');

async function isTemporary(ctx: RequestContext): Promise<boolean> {
  const key = await ctx.app.identity.lookupAccessKey(ctx.principal.accessKeyId);
  return key?.sessionToken !== undefined;
}

/**
 * The trust policy decides, with the caller's own policies where it delegates to the account
 * (and always across accounts). Dev mode without --enforce-iam skips the policies, as local
 * emulators do, but the role must exist.
 */
export const assumeRole: Operation<AssumeRoleRequest, AssumeRoleResponse> = {
  service: 'sts',
  name: 'AssumeRole',
  action: 'sts:AssumeRole',
  async target(input, ctx) {
    // A RoleArn that is no ARN at all is a validation error, before any decision.
    checkRoleArnSyntax(input.RoleArn);
    const role = await findRole(ctx.app, input.RoleArn);
    // No role, no trust policy: refused as a role whose trust policy does not name the caller.
    if (!role) return { resource: input.RoleArn, resourceAccount: input.RoleArn.split(':')[4] || ctx.account, resourcePolicyKind: 'role-trust' };
    // The trust policy must allow the caller itself, or name its account and leave it to the caller's policies.
    const conditionKeys: Record<string, string> = { 'sts:RoleSessionName': input.RoleSessionName };
    if (input.ExternalId !== undefined) conditionKeys['sts:ExternalId'] = input.ExternalId;
    if (input.SourceIdentity !== undefined) conditionKeys['sts:SourceIdentity'] = input.SourceIdentity;
    const target: AuthzTarget = {
      resource: role.arn,
      resourceAccount: role.arn.split(':')[4] as string,
      resourcePolicy: role.trustPolicy,
      resourcePolicyKind: 'role-trust',
      conditionKeys,
    };
    if (input.Tags && input.Tags.length > 0) target.requestTags = Object.fromEntries(input.Tags.map((t) => [t.Key, t.Value ?? '']));
    return target;
  },
  async handler(input, ctx) {
    checkRoleArnSyntax(input.RoleArn);
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) throw mfaFailed();
    const tags = input.Tags ?? [];
    checkSessionTags(tags, input.TransitiveTagKeys ?? []);
    const caller = ctx.principal;
    const role = await findRole(ctx.app, input.RoleArn);
    if (!role) throw notAuthorized(caller.arn, 'sts:AssumeRole', input.RoleArn);
    const { config } = ctx.app;
    if (!config.dev || config.enforceIam) {
      const context = assumeContext({
        sourceIp: ctx.sourceIp,
        secureTransport: ctx.secureTransport,
        region: ctx.region,
        sessionName: input.RoleSessionName,
        externalId: input.ExternalId,
        sourceIdentity: input.SourceIdentity,
        requestTags: tags.length > 0 ? Object.fromEntries(tags.map((t) => [t.Key, t.Value ?? ''])) : undefined,
      });
      if (!(await trusts(ctx.app, role, caller, 'sts:AssumeRole', context, ctx.now))) throw notAuthorized(caller.arn, 'sts:AssumeRole', role.arn);
      if (tags.length > 0 && !(await trusts(ctx.app, role, caller, 'sts:TagSession', context, ctx.now))) {
        throw notAuthorized(caller.arn, 'sts:TagSession', role.arn);
      }
    }
    const durationSeconds = sessionSeconds(role, input.DurationSeconds, await isTemporary(ctx));
    const policyArns = (input.PolicyArns ?? []).map((p) => p.arn ?? '');
    const docs = await sessionPolicies(ctx.app, role, input.Policy, policyArns);
    const packed = docs.length > 0 || tags.length > 0 ? packedPolicySize(docs, tags) : undefined;
    return startRoleSession(ctx.app, {
      role,
      sessionName: input.RoleSessionName,
      durationSeconds,
      now: ctx.now,
      sessionPolicies: docs,
      sessionTags: tags,
      packedPolicySize: packed,
      sourceIdentity: input.SourceIdentity,
    });
  },
};
