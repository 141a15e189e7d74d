import type { AddUserToGroupRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { limitExceeded } from '../errors.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

const MAX_GROUPS_PER_USER = 10;
const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Membership is kept on both sides (user.groups, group.members), written in one transaction. */
export const addUserToGroup: Operation<AddUserToGroupRequest, Record<string, never>> = {
  service: 'iam',
  name: 'AddUserToGroup',
  action: 'iam:AddUserToGroup',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const u = await w.requireEntity('user', input.UserName);
      const g = await w.requireEntity('group', input.GroupName);
      if (u.groups.some((n) => same(n, g.name))) return;
      if (u.groups.length >= MAX_GROUPS_PER_USER) throw limitExceeded(`Cannot exceed quota for GroupsPerUser: ${MAX_GROUPS_PER_USER}`);
      u.groups.push(g.name);
      g.members.push(u.name);
      await w.putEntity(u);
      await w.putEntity(g);
    });
    return {};
  },
};
