import type { DescribeKeyRequest, DescribeKeyResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { keyMetadata } from '../metadata.js';
import { targetByKeyId, usableKey } from '../op-support.js';

// DescribeKey on a predefined alias/aws/<service> creates that AWS managed key, as AWS does.
const OPTS = { createAwsManaged: true };

export const describeKey: Operation<DescribeKeyRequest, DescribeKeyResponse> = {
  service: 'kms',
  name: 'DescribeKey',
  action: 'kms:DescribeKey',
  target: targetByKeyId((i) => i.KeyId, OPTS),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'DescribeKey', OPTS);
    return { KeyMetadata: keyMetadata(found.key, ctx.now) };
  },
};
