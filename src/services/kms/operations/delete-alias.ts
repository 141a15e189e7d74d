import type { DeleteAliasRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { checkAliasName, checkNotReserved } from '../alias.js';
import { aliasNotFound } from '../errors.js';
import { aliasArn } from '../key.js';
import { repoOf } from '../op-support.js';

export const deleteAlias: Operation<DeleteAliasRequest, Record<string, never>> = {
  service: 'kms',
  name: 'DeleteAlias',
  action: 'kms:DeleteAlias',
  target(input, ctx) {
    return { resource: aliasArn(ctx.region, ctx.account, input.AliasName), conditionKeys: { 'kms:CallerAccount': ctx.principal.account } };
  },
  async handler(input, ctx) {
    const name = input.AliasName;
    checkAliasName(name);
    checkNotReserved(name);
    const arn = aliasArn(ctx.region, ctx.account, name);
    await repoOf(ctx).transact(async (w) => {
      if (!(await w.getAlias(ctx.account, ctx.region, name))) throw aliasNotFound(arn);
      await w.deleteAlias(ctx.account, ctx.region, name);
    });
    return {};
  },
};
