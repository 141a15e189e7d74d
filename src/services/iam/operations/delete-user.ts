import type { DeleteUserRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { releaseBoundary } from '../boundaries.js';
import { deleteConflict } from '../errors.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

/** IAM refuses to delete a user that still has anything attached, one kind of thing at a time. */
export const deleteUser: Operation<DeleteUserRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteUser',
  action: 'iam:DeleteUser',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const u = await w.requireEntity('user', input.UserName);
      if (u.accessKeys.length > 0) throw deleteConflict('Cannot delete entity, must delete access keys first.');
      if (u.groups.length > 0) throw deleteConflict('Cannot delete entity, must remove user from all groups first.');
      if (u.attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (u.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      await releaseBoundary(w, u.boundary);
      await w.deleteEntity(u);
    });
    return {};
  },
};
