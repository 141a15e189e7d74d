import type { DescribeSecretRequest, DescribeSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { resolve, secretTarget } from '../repo.js';
import { describeView } from '../view.js';

export const describeSecret: Operation<DescribeSecretRequest, DescribeSecretResponse> = {
  service: 'secretsmanager',
  name: 'DescribeSecret',
  action: 'secretsmanager:DescribeSecret',
  target: (input, ctx) => secretTarget(ctx, input.SecretId),
  // Works on a secret scheduled for deletion too: that is how its DeletedDate is seen.
  async handler(input, ctx) {
    return describeView(await resolve(ctx, input.SecretId));
  },
};
