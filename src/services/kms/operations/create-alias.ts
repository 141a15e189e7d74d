import type { CreateAliasRequest } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { checkAliasName, checkNotReserved } from '../alias.js';
import { aliasExists } from '../errors.js';
import { reloadInTx } from '../key-guard.js';
import { aliasArn } from '../key.js';
import { keyAuthz, keyFor, repoOf, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };
export const MAX_ALIASES_PER_KEY = 50;

/** Authorized on the key; AWS also requires kms:CreateAlias on the alias ARN. */
export const createAlias: Operation<CreateAliasRequest, Record<string, never>> = {
  service: 'kms',
  name: 'CreateAlias',
  action: 'kms:CreateAlias',
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
    if (await repo.getAlias(ctx.account, ctx.region, name)) throw aliasExists(arn);
    const found = await usableKey(input, ctx, input.TargetKeyId, 'CreateAlias', NO_ALIASES);
    await repo.transact(async (w) => {
      if (await w.getAlias(ctx.account, ctx.region, name)) throw aliasExists(arn);
      const key = await reloadInTx(w, found, 'CreateAlias', ctx.now);
      const existing = (await w.listAliases(ctx.account, ctx.region)).filter((a) => a.targetKeyId === key.keyId);
      if (existing.length >= MAX_ALIASES_PER_KEY) {
        throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_ALIASES_PER_KEY} aliases.`);
      }
      await w.putAlias(ctx.account, ctx.region, { aliasName: name, targetKeyId: key.keyId, createdAt: ctx.now, updatedAt: ctx.now });
    });
    return {};
  },
};
