import type { CreateRoleRequest, CreateRoleResponse } from '../../../generated/iam-types.js';
import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../../protocol/operation.js';
import { entityArn } from '../arns.js';
import { useBoundary } from '../boundaries.js';
import { alreadyExists } from '../errors.js';
import { checkTrustDocument } from '../policy-docs.js';
import type { RoleRecord } from '../records.js';
import { iamWrite } from '../repo.js';
import { checkTagKeys } from '../tags.js';
import { newEntityTarget, requestTags } from '../target.js';
import { roleView } from '../view.js';

const DEFAULT_MAX_SESSION = 3600;

export const createRole: Operation<CreateRoleRequest, CreateRoleResponse> = {
  service: 'iam',
  name: 'CreateRole',
  action: 'iam:CreateRole',
  target(input, ctx) {
    const extra = requestTags(input.Tags);
    if (input.PermissionsBoundary !== undefined) extra.conditionKeys = { 'iam:PermissionsBoundary': input.PermissionsBoundary };
    return newEntityTarget(ctx, 'role', input.Path, input.RoleName, extra);
  },
  async handler(input, ctx) {
    const tags = input.Tags ?? [];
    checkTagKeys(tags);
    checkTrustDocument(input.AssumeRolePolicyDocument);
    const path = input.Path ?? '/';
    const role = await iamWrite(ctx, async (w) => {
      if (await w.entity('role', input.RoleName)) throw alreadyExists('role', input.RoleName);
      const r: RoleRecord = {
        kind: 'role',
        name: input.RoleName,
        id: awsId('AROA'),
        path,
        arn: entityArn(ctx.account, 'role', path, input.RoleName),
        createdAt: ctx.now,
        inlinePolicies: [],
        attached: [],
        trustPolicy: input.AssumeRolePolicyDocument,
        maxSessionDuration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION,
        tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })),
      };
      if (input.Description !== undefined) r.description = input.Description;
      if (input.PermissionsBoundary !== undefined) r.boundary = await useBoundary(w, input.PermissionsBoundary);
      await w.putEntity(r);
      return r;
    });
    return { Role: roleView(role, 'create') };
  },
};
