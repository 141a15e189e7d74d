import type { UntagRoleRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { retag } from '../retag.js';
import { removeTags } from '../tags.js';
import { entityTarget } from '../target.js';

export const untagRole: Operation<UntagRoleRequest, Record<string, never>> = {
  service: 'iam',
  name: 'UntagRole',
  action: 'iam:UntagRole',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName, { conditionKeys: { 'aws:TagKeys': input.TagKeys } }),
  async handler(input, ctx) {
    await retag(ctx, 'role', input.RoleName, (tags) => removeTags(tags, input.TagKeys));
    return {};
  },
};
