import type { CreateKeyRequest, CreateKeyResponse, KeySpec } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { unsupported, validation } from '../errors.js';
import { buildKey } from '../key-factory.js';
import { checkKeyPolicy, defaultKeyPolicy } from '../key-policy.js';
import { assertSupportedSpec, resolveUsage } from '../key-specs.js';
import { keyArn } from '../key.js';
import { keyMetadata } from '../metadata.js';
import { repoOf } from '../op-support.js';
import { customKeyStoreNotFound } from '../request-checks.js';
import { mergeTags } from '../tags.js';
import { newKeyId } from '../key-factory.js';

function chooseSpec(input: CreateKeyRequest): KeySpec {
  const { KeySpec: spec, CustomerMasterKeySpec: legacy } = input;
  if (spec !== undefined && legacy !== undefined && spec !== legacy) {
    throw validation('You cannot specify KeySpec and CustomerMasterKeySpec in the same request. CustomerMasterKeySpec is deprecated.');
  }
  return spec ?? legacy ?? 'SYMMETRIC_DEFAULT';
}

export const createKey: Operation<CreateKeyRequest, CreateKeyResponse> = {
  service: 'kms',
  name: 'CreateKey',
  action: 'kms:CreateKey',
  target(input, ctx) {
    const keys: Record<string, string | string[]> = {
      'kms:CallerAccount': ctx.principal.account,
      'kms:KeySpec': input.KeySpec ?? input.CustomerMasterKeySpec ?? 'SYMMETRIC_DEFAULT',
      'kms:KeyUsage': input.KeyUsage ?? 'ENCRYPT_DECRYPT',
      'kms:KeyOrigin': input.Origin ?? 'AWS_KMS',
      'kms:MultiRegion': String(input.MultiRegion ?? false),
      'kms:BypassPolicyLockoutSafetyCheck': String(input.BypassPolicyLockoutSafetyCheck ?? false),
    };
    if (input.Tags) {
      for (const t of input.Tags) keys[`aws:RequestTag/${t.TagKey}`] = t.TagValue;
      keys['aws:TagKeys'] = input.Tags.map((t) => t.TagKey);
    }
    return { conditionKeys: keys };
  },
  async handler(input, ctx) {
    const origin = input.Origin ?? 'AWS_KMS';
    if (input.CustomKeyStoreId !== undefined) throw customKeyStoreNotFound(input.CustomKeyStoreId);
    if (origin === 'AWS_CLOUDHSM' || origin === 'EXTERNAL_KEY_STORE') {
      throw unsupported(`Origin ${origin} needs a custom key store, and this server has none.`);
    }
    if (input.XksKeyId !== undefined) throw unsupported('XksKeyId needs an external key store, and this server has none.');
    const spec = chooseSpec(input);
    assertSupportedSpec(spec);
    const usage = resolveUsage(spec, input.KeyUsage);
    const tags = mergeTags([], input.Tags ?? []);
    const multiRegion = input.MultiRegion ?? false;
    const keyId = newKeyId(multiRegion);
    const policy = input.Policy ?? defaultKeyPolicy(ctx.account);
    if (input.Policy !== undefined) {
      checkKeyPolicy(input.Policy, {
        keyArn: keyArn(ctx.region, ctx.account, keyId),
        account: ctx.account,
        principal: ctx.principal,
        bypassLockoutCheck: input.BypassPolicyLockoutSafetyCheck ?? false,
        now: ctx.now,
      });
    }
    const key = await buildKey(
      {
        account: ctx.account,
        region: ctx.region,
        keySpec: spec,
        keyUsage: usage,
        origin,
        keyManager: 'CUSTOMER',
        description: input.Description ?? '',
        policy,
        tags,
        multiRegion,
        now: ctx.now,
      },
      keyId,
    );
    await repoOf(ctx).transact((w) => w.putKey(key));
    return { KeyMetadata: keyMetadata(key, ctx.now) };
  },
};
