import type { RemoveUserFromGroupRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Removing a user who is not a member succeeds, as in IAM; the user is looked up first. */
export const removeUserFromGroup: Operation<RemoveUserFromGroupRequest, Record<string, never>> = {
  service: 'iam',
  name: 'RemoveUserFromGroup',
  action: 'iam:RemoveUserFromGroup',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const u = await w.requireEntity('user', input.UserName);
      const g = await w.requireEntity('group', input.GroupName);
      if (!u.groups.some((n) => same(n, g.name))) return;
      u.groups = u.groups.filter((n) => !same(n, g.name));
      g.members = g.members.filter((n) => !same(n, u.name));
      await w.putEntity(u);
      await w.putEntity(g);
    });
    return {};
  },
};
