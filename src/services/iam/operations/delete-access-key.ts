import type { DeleteAccessKeyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { userKey } from '../access-keys.js';
import { targetUserName } from '../principals.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

export const deleteAccessKey: Operation<DeleteAccessKeyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeleteAccessKey',
  action: 'iam:DeleteAccessKey',
  target: (input, ctx) => entityTarget(ctx, 'user', targetUserName(ctx, input.UserName)),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const { user, index } = await userKey(ctx, w, input.UserName, input.AccessKeyId);
      user.accessKeys.splice(index, 1);
      await w.deleteAccessKey(input.AccessKeyId);
      await w.putEntity(user);
    });
    return {};
  },
};
