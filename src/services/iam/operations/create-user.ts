import type { CreateUserRequest, CreateUserResponse } from '../../../generated/iam-types.js';
import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../../protocol/operation.js';
import { entityArn } from '../arns.js';
import { useBoundary } from '../boundaries.js';
import { alreadyExists } from '../errors.js';
import type { UserRecord } from '../records.js';
import { iamWrite } from '../repo.js';
import { checkTagKeys } from '../tags.js';
import { newEntityTarget, requestTags } from '../target.js';
import { userView } from '../view.js';

export const createUser: Operation<CreateUserRequest, CreateUserResponse> = {
  service: 'iam',
  name: 'CreateUser',
  action: 'iam:CreateUser',
  target(input, ctx) {
    const extra = requestTags(input.Tags);
    if (input.PermissionsBoundary !== undefined) extra.conditionKeys = { 'iam:PermissionsBoundary': input.PermissionsBoundary };
    return newEntityTarget(ctx, 'user', input.Path, input.UserName, extra);
  },
  async handler(input, ctx) {
    const tags = input.Tags ?? [];
    checkTagKeys(tags);
    const path = input.Path ?? '/';
    const user = await iamWrite(ctx, async (w) => {
      if (await w.entity('user', input.UserName)) throw alreadyExists('user', input.UserName);
      const u: UserRecord = {
        kind: 'user',
        name: input.UserName,
        id: awsId('AIDA'),
        path,
        arn: entityArn(ctx.account, 'user', path, input.UserName),
        createdAt: ctx.now,
        inlinePolicies: [],
        attached: [],
        tags: tags.map((t) => ({ Key: t.Key, Value: t.Value ?? '' })),
        groups: [],
        accessKeys: [],
      };
      if (input.PermissionsBoundary !== undefined) u.boundary = await useBoundary(w, input.PermissionsBoundary);
      await w.putEntity(u);
      return u;
    });
    return { User: userView(user, true) };
  },
};
