import type { ReplicateKeyRequest, ReplicateKeyResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { unsupported, validation } from '../errors.js';
import { reloadInTx } from '../key-guard.js';
import { checkKeyPolicy, defaultKeyPolicy } from '../key-policy.js';
import { keyArn, type KeyRecord } from '../key.js';
import { keyMetadata } from '../metadata.js';
import { refuseAwsManaged, repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { mergeTags } from '../tags.js';

const NO_ALIASES = { aliases: false };

/** Regions are namespaces of this server: the replica is a record in another region of the account. */
export const replicateKey: Operation<ReplicateKeyRequest, ReplicateKeyResponse> = {
  service: 'kms',
  name: 'ReplicateKey',
  action: 'kms:ReplicateKey',
  target: targetByKeyId((i) => i.KeyId, NO_ALIASES, (i) => ({ 'kms:ReplicaRegion': i.ReplicaRegion })),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'ReplicateKey', NO_ALIASES);
    refuseAwsManaged(found, ctx, 'kms:ReplicateKey');
    const primary = found.key;
    const mr = primary.multiRegion;
    if (!mr) throw unsupported(`${found.arn} is not a multi-Region key.`);
    if (mr.primaryRegion !== primary.region) throw unsupported(`${found.arn} is not a multi-Region primary key.`);
    const region = input.ReplicaRegion;
    if (region === primary.region) throw validation(`The replica region ${region} is the region of the primary key.`);
    const replicaArn = keyArn(region, primary.account, primary.keyId);
    const policy = input.Policy ?? defaultKeyPolicy(primary.account);
    if (input.Policy !== undefined) {
      checkKeyPolicy(input.Policy, {
        keyArn: replicaArn,
        account: primary.account,
        principal: ctx.principal,
        bypassLockoutCheck: input.BypassPolicyLockoutSafetyCheck ?? false,
        now: ctx.now,
      });
    }
    const tags = mergeTags([], input.Tags ?? []);
    const replica = await repoOf(ctx).transact(async (w) => {
      const p = await reloadInTx(w, found, 'ReplicateKey', ctx.now);
      if (await w.getKey(p.account, region, p.keyId)) {
        throw new AwsError('AlreadyExistsException', `Unable to replicate key ${p.keyId} to region ${region}, as the key already exist there`);
      }
      const regions = [...p.multiRegion!.replicaRegions, region];
      const r: KeyRecord = {
        ...(JSON.parse(JSON.stringify(p)) as KeyRecord),
        region,
        createdAt: ctx.now,
        description: input.Description ?? '',
        policy,
        tags,
        disabled: false,
        rotation: { enabled: false },
        multiRegion: { primaryRegion: p.region, replicaRegions: regions },
      };
      delete r.deletion;
      // Imported material is never copied: each replica imports the same bytes itself.
      if (r.origin === 'EXTERNAL') {
        for (const m of r.materials) {
          delete m.secret;
          delete m.publicKey;
        }
      }
      await w.putKey(r);
      p.multiRegion = { primaryRegion: p.region, replicaRegions: regions };
      await w.putKey(p);
      for (const other of p.multiRegion.replicaRegions) {
        if (other === region) continue;
        const o = await w.getKey(p.account, other, p.keyId);
        if (o) await w.putKey({ ...o, multiRegion: { primaryRegion: p.region, replicaRegions: regions } });
      }
      return r;
    });
    // AWS answers while the replica is still being created.
    const md = { ...keyMetadata(replica, ctx.now), KeyState: 'Creating' as const, Enabled: false };
    return { ReplicaKeyMetadata: md, ReplicaPolicy: policy, ReplicaTags: tags };
  },
};
