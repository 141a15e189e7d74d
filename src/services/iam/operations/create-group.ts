import type { CreateGroupRequest, CreateGroupResponse } from '../../../generated/iam-types.js';
import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../../protocol/operation.js';
import { entityArn } from '../arns.js';
import { alreadyExists } from '../errors.js';
import type { GroupRecord } from '../records.js';
import { iamWrite } from '../repo.js';
import { newEntityTarget } from '../target.js';
import { groupView } from '../view.js';

export const createGroup: Operation<CreateGroupRequest, CreateGroupResponse> = {
  service: 'iam',
  name: 'CreateGroup',
  action: 'iam:CreateGroup',
  target: (input, ctx) => newEntityTarget(ctx, 'group', input.Path, input.GroupName),
  async handler(input, ctx) {
    const path = input.Path ?? '/';
    const group = await iamWrite(ctx, async (w) => {
      if (await w.entity('group', input.GroupName)) throw alreadyExists('group', input.GroupName);
      const g: GroupRecord = {
        kind: 'group',
        name: input.GroupName,
        id: awsId('AGPA'),
        path,
        arn: entityArn(ctx.account, 'group', path, input.GroupName),
        createdAt: ctx.now,
        inlinePolicies: [],
        attached: [],
        members: [],
      };
      await w.putEntity(g);
      return g;
    });
    return { Group: groupView(group) };
  },
};
