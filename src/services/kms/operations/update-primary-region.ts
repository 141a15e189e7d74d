import type { UpdatePrimaryRegionRequest } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { unsupported, keyNotFound } from '../errors.js';
import { reloadInTx } from '../key-guard.js';
import { keyArn } from '../key.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';

const NO_ALIASES = { aliases: false };

export const updatePrimaryRegion: Operation<UpdatePrimaryRegionRequest, Record<string, never>> = {
  service: 'kms',
  name: 'UpdatePrimaryRegion',
  action: 'kms:UpdatePrimaryRegion',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES, (i) => ({ 'kms:PrimaryRegion': i.PrimaryRegion })),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'UpdatePrimaryRegion', NO_ALIASES);
    const k = found.key;
    const mr = k.multiRegion;
    if (!mr) throw unsupported(`${found.arn} is not a multi-Region key.`);
    if (mr.primaryRegion !== k.region) throw unsupported(`${found.arn} is not a multi-Region primary key.`);
    const target = input.PrimaryRegion;
    if (target === k.region) return {};
    if (!mr.replicaRegions.includes(target)) throw keyNotFound(keyArn(target, k.account, k.keyId));
    await repoOf(ctx).transact(async (w) => {
      const p = await reloadInTx(w, found, 'UpdatePrimaryRegion', ctx.now);
      const regions = [p.region, ...p.multiRegion!.replicaRegions.filter((r) => r !== target)];
      for (const region of [p.region, ...p.multiRegion!.replicaRegions]) {
        const rec = region === p.region ? p : await w.getKey(p.account, region, p.keyId);
        if (!rec) continue;
        rec.multiRegion = { primaryRegion: target, replicaRegions: regions };
        await w.putKey(rec);
      }
    });
    return {};
  },
};
