import type { AuthzPrincipal } from '../../iam/index.js';
import type { AppServices } from '../../server/app-services.js';
import { checkRoleArnSyntax, findRole, sessionSeconds, startRoleSession, type RoleSession } from './role-session.js';
import { assumeContext, notAuthorized, trusts } from './trust.js';

export interface ServiceAssumeOptions {
  durationSeconds?: number;
  /**
   * aws:SourceAccount / aws:SourceArn: the resource acting (a build project, a flow), for
   * confused-deputy conditions. coffer's services act for resources of the role's own account,
   * so aws:SourceAccount defaults to it.
   */
  sourceAccount?: string;
  sourceArn?: string;
}

/**
 * coffer's own services (the build runner, media flows) acting as a role, the way AWS services
 * do: no HTTP and no caller credentials, only the role's trust policy, which has to name the
 * service principal (e.g. {"Service": "codebuild.amazonaws.com"}). Always enforced, dev mode too.
 */
export async function assumeRoleForService(
  app: AppServices,
  roleArn: string,
  servicePrincipal: 'codebuild.amazonaws.com' | 'mediaconnect.amazonaws.com' | (string & {}),
  sessionName: string,
  opts: ServiceAssumeOptions = {},
): Promise<RoleSession> {
  checkRoleArnSyntax(roleArn);
  const role = await findRole(app, roleArn);
  if (!role) throw notAuthorized(servicePrincipal, 'sts:AssumeRole', roleArn);
  const account = role.arn.split(':')[4] as string;
  const principal: AuthzPrincipal = { arn: servicePrincipal, account, type: 'service', name: servicePrincipal };
  const now = app.clock.now();
  const extra: Record<string, string> = {};
  extra['aws:SourceAccount'] = opts.sourceAccount ?? account;
  if (opts.sourceArn !== undefined) extra['aws:SourceArn'] = opts.sourceArn;
  const context = assumeContext({ sessionName, extra, secureTransport: true });
  if (!(await trusts(app, role, principal, 'sts:AssumeRole', context, now))) throw notAuthorized(servicePrincipal, 'sts:AssumeRole', role.arn);
  return startRoleSession(app, {
    role,
    sessionName,
    durationSeconds: sessionSeconds(role, opts.durationSeconds, false),
    now,
    sessionPolicies: [],
    sessionTags: [],
  });
}
