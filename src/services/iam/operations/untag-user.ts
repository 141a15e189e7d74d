import type { UntagUserRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { retag } from '../retag.js';
import { removeTags } from '../tags.js';
import { entityTarget } from '../target.js';

export const untagUser: Operation<UntagUserRequest, Record<string, never>> = {
  service: 'iam',
  name: 'UntagUser',
  action: 'iam:UntagUser',
  target: (input, ctx) => entityTarget(ctx, 'user', input.UserName, { conditionKeys: { 'aws:TagKeys': input.TagKeys } }),
  async handler(input, ctx) {
    await retag(ctx, 'user', input.UserName, (tags) => removeTags(tags, input.TagKeys));
    return {};
  },
};
