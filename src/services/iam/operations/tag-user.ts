import type { TagUserRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { retag } from '../retag.js';
import { mergeTags } from '../tags.js';
import { entityTarget, requestTags } from '../target.js';

export const tagUser: Operation<TagUserRequest, Record<string, never>> = {
  service: 'iam',
  name: 'TagUser',
  action: 'iam:TagUser',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName, requestTags(input.Tags)),
  async handler(input, ctx) {
    await retag(ctx, 'user', input.UserName, (tags) => mergeTags(tags, input.Tags, 'TagsPerUser'));
    return {};
  },
};
