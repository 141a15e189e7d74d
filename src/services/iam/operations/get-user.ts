import type { GetUserRequest, GetUserResponse, User } from '../../../generated/iam-types.js';
import type { AccountRecord } from '../../../identity/identity-store-impl.js';
import type { Operation, RequestContext } from '../../../protocol/operation.js';
import { iamDate } from '../arns.js';
import { nonUserCredentials } from '../errors.js';
import { iamReader } from '../repo.js';
import { entityTarget } from '../target.js';
import { userView } from '../view.js';

/** GetUser without a name describes the caller; for the root user IAM answers without UserName and Path. */
async function rootUser(ctx: RequestContext): Promise<User> {
  const acct = await ctx.app.store.getJson<AccountRecord>(`iam/accounts/${ctx.account}`);
  return { UserId: ctx.account, Arn: ctx.principal.arn, CreateDate: iamDate(acct?.createdAt ?? ctx.now) } as User;
}

export const getUser: Operation<GetUserRequest, GetUserResponse> = {
  service: 'iam',
  name: 'GetUser',
  action: 'iam:GetUser',
  target(input, ctx) {
    if (input.UserName === undefined) return { resource: ctx.principal.arn };
    return entityTarget(ctx, 'user', input.UserName);
  },
  async handler(input, ctx) {
    let name = input.UserName;
    if (name === undefined) {
      const p = ctx.principal;
      if (p.type === 'root') return { User: await rootUser(ctx) };
      if (p.type !== 'user' || p.name === undefined) throw nonUserCredentials();
      name = p.name;
    }
    const u = await iamReader(ctx).requireEntity('user', name);
    return { User: userView(u, true) };
  },
};
