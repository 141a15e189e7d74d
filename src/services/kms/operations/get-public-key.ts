import type { GetPublicKeyRequest, GetPublicKeyResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { keyPair } from '../asymmetric.js';
import { unsupported } from '../errors.js';
import { CUSTOMER_MASTER_KEY_SPECS, algorithmsFor, isAsymmetric } from '../key-specs.js';
import type { CustomerMasterKeySpec } from '../key.js';
import { targetByKeyId, usableKey } from '../op-support.js';

export const getPublicKey: Operation<GetPublicKeyRequest, GetPublicKeyResponse> = {
  service: 'kms',
  name: 'GetPublicKey',
  action: 'kms:GetPublicKey',
  target: targetByKeyId((i) => i.KeyId),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'GetPublicKey');
    const k = found.key;
    if (!isAsymmetric(k.keySpec)) throw unsupported(`${found.arn} key spec is ${k.keySpec} which is not valid for GetPublicKey.`);
    const out: GetPublicKeyResponse = { KeyId: found.arn, PublicKey: keyPair(k).publicDer };
    if (CUSTOMER_MASTER_KEY_SPECS.has(k.keySpec)) out.CustomerMasterKeySpec = k.keySpec as CustomerMasterKeySpec;
    out.KeySpec = k.keySpec;
    out.KeyUsage = k.keyUsage;
    return { ...out, ...algorithmsFor(k.keySpec, k.keyUsage) };
  },
};
