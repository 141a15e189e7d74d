import type { DeleteGroupRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { deleteConflict } from '../errors.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

export const deleteGroup: Operation<DeleteGroupRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteGroup',
  action: 'iam:DeleteGroup',
  target: (input, ctx) => entityTarget(ctx, 'group', input.GroupName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const g = await w.requireEntity('group', input.GroupName);
      if (g.members.length > 0) throw deleteConflict('Cannot delete entity, must remove users from group first.');
      if (g.attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (g.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      await w.deleteEntity(g);
    });
    return {};
  },
};
