import type { UpdateAccessKeyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { userKey } from '../access-keys.js';
import { accessKeyNotFound, validationError } from '../errors.js';
import { targetUserName } from '../principals.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

/** Inactive takes effect at once on every node: the key's change is published on the bus. */
export const updateAccessKey: Operation<UpdateAccessKeyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'UpdateAccessKey',
  action: 'iam:UpdateAccessKey',
  target: (input, ctx) => entityTarget(ctx, 'user', targetUserName(ctx, input.UserName)),
  async handler(input, ctx) {
    const status = input.Status;
    if (status !== 'Active' && status !== 'Inactive') {
      throw validationError(
        `1 validation error detected: Value '${status}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [Active, Inactive]`,
      );
    }
    await iamWrite(ctx, async (w) => {
      const { user, key } = await userKey(ctx, w, input.UserName, input.AccessKeyId);
      const rec = await w.accessKey(key.id);
      if (!rec) throw accessKeyNotFound(input.AccessKeyId);
      key.status = status;
      rec.status = status;
      await w.putAccessKey(rec);
      await w.putEntity(user);
    });
    return {};
  },
};
