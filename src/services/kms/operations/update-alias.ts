import type { UpdateAliasRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { checkAliasName, checkNotReserved } from '../alias.js';
import { aliasNotFound, validation } from '../errors.js';
import { reloadInTx } from '../key-guard.js';
import { specInfo, type Family } from '../key-specs.js';
import { aliasArn, type KeySpec } from '../key.js';
import { keyAuthz, keyFor, repoOf, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

/** An alias may move only between keys of the same type: symmetric, asymmetric or HMAC. */
function keyType(spec: KeySpec): string {
  const f: Family = specInfo(spec).family;
  return f === 'symmetric' ? 'symmetric' : f === 'hmac' ? 'HMAC' : 'asymmetric';
}

export const updateAlias: Operation<UpdateAliasRequest, Record<string, never>> = {
  service: 'kms',
  name: 'UpdateAlias',
  action: 'kms:UpdateAlias',
  async target(input, ctx) {
    checkAliasName(input.AliasName);
    const found = await keyFor(input, ctx, input.TargetKeyId, NO_ALIASES);
    return keyAuthz(found, ctx);
  },
  async handler(input, ctx) {
    const name = input.AliasName;
    checkAliasName(name);
    checkNotReserved(name);
    const repo = repoOf(ctx);
    const arn = aliasArn(ctx.region, ctx.account, name);
    if (!(await repo.getAlias(ctx.account, ctx.region, name))) throw aliasNotFound(arn);
    const found = await usableKey(input, ctx, input.TargetKeyId, 'UpdateAlias', NO_ALIASES);
    await repo.transact(async (w) => {
      const alias = await w.getAlias(ctx.account, ctx.region, name);
      if (!alias) throw aliasNotFound(arn);
      const key = await reloadInTx(w, found, 'UpdateAlias', ctx.now);
      const old = await w.getKey(ctx.account, ctx.region, alias.targetKeyId);
      if (old && keyType(old.keySpec) !== keyType(key.keySpec)) {
        throw validation(`Alias ${arn} cannot be changed from a ${keyType(old.keySpec)} key to a ${keyType(key.keySpec)} key.`);
      }
      await w.putAlias(ctx.account, ctx.region, { ...alias, targetKeyId: key.keyId, updatedAt: ctx.now });
    });
    return {};
  },
};
