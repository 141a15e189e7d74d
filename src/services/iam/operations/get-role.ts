import type { GetRoleRequest, GetRoleResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { iamReader } from '../repo.js';
import { entityTarget } from '../target.js';
import { roleView } from '../view.js';

export const getRole: Operation<GetRoleRequest, GetRoleResponse> = {
  service: 'iam',
  name: 'GetRole',
  action: 'iam:GetRole',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    return { Role: roleView(await iamReader(ctx).requireEntity('role', input.RoleName), 'get') };
  },
};
