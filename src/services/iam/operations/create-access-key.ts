import type { CreateAccessKeyRequest, CreateAccessKeyResponse } from '../../../generated/iam-types.js';
import { awsId, secretAccessKey } from '../../../identity/ids.js';
import type { Operation } from '../../../protocol/operation.js';
import { iamDate } from '../arns.js';
import { limitExceeded } from '../errors.js';
import { targetUserName, userPrincipal } from '../principals.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

const MAX_KEYS = 2;

/** The secret access key is in this response and nowhere else: it is stored only through the barrier. */
export const createAccessKey: Operation<CreateAccessKeyRequest, CreateAccessKeyResponse> = {
  service: 'iam',
  name: 'CreateAccessKey',
  action: 'iam:CreateAccessKey',
  target: (input, ctx) => entityTarget(ctx, 'user', targetUserName(ctx, input.UserName)),
  async handler(input, ctx) {
    const userName = targetUserName(ctx, input.UserName);
    return iamWrite(ctx, async (w) => {
      const u = await w.requireEntity('user', userName);
      if (u.accessKeys.length >= MAX_KEYS) throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${MAX_KEYS}`);
      const id = awsId('AKIA');
      const secret = secretAccessKey();
      await w.putAccessKey({ accessKeyId: id, secretAccessKey: secret, status: 'Active', principal: userPrincipal(u, ctx.account), createdAt: ctx.now });
      u.accessKeys.push({ id, status: 'Active', createdAt: ctx.now });
      await w.putEntity(u);
      return { AccessKey: { UserName: u.name, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: iamDate(ctx.now) } };
    });
  },
};
