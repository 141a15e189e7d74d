import type { TagRoleRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { retag } from '../retag.js';
import { mergeTags } from '../tags.js';
import { entityTarget, requestTags } from '../target.js';

export const tagRole: Operation<TagRoleRequest, Record<string, never>> = {
  service: 'iam',
  name: 'TagRole',
  action: 'iam:TagRole',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName, requestTags(input.Tags)),
  async handler(input, ctx) {
    await retag(ctx, 'role', input.RoleName, (tags) => mergeTags(tags, input.Tags, 'TagsPerRole'));
    return {};
  },
};
