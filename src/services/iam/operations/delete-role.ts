import type { DeleteRoleRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { releaseBoundary } from '../boundaries.js';
import { deleteConflict } from '../errors.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

/** Sessions already issued for the role keep their credentials until they expire, as in AWS. */
export const deleteRole: Operation<DeleteRoleRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteRole',
  action: 'iam:DeleteRole',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const r = await w.requireEntity('role', input.RoleName);
      if (r.attached.length > 0) throw deleteConflict('Cannot delete entity, must detach all policies first.');
      if (r.inlinePolicies.length > 0) throw deleteConflict('Cannot delete entity, must delete policies first.');
      await releaseBoundary(w, r.boundary);
      await w.deleteEntity(r);
    });
    return {};
  },
};
