import type { GetSecretValueRequest, GetSecretValueResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import type { WithUtf8 } from '../../../protocol/utf8-text.js';
import { readSecretValue } from '../read.js';
import { resolve, secretTarget } from '../repo.js';

export const getSecretValue: Operation<GetSecretValueRequest, WithUtf8<GetSecretValueResponse, 'SecretString'>> = {
  service: 'secretsmanager',
  name: 'GetSecretValue',
  action: 'secretsmanager:GetSecretValue',
  target(input, ctx) {
    const keys: Record<string, string> = {};
    // Absent from a default call, as in AWS (boto/boto3#2957).
    if (input.VersionStage !== undefined) keys['secretsmanager:VersionStage'] = input.VersionStage;
    if (input.VersionId !== undefined) keys['secretsmanager:VersionId'] = input.VersionId;
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const r = await resolve(ctx, input.SecretId);
    const got = await readSecretValue(ctx, r, input.VersionId, input.VersionStage);
    return {
      ARN: r.arn,
      Name: r.name,
      VersionId: got.versionId,
      ...got.value,
      VersionStages: got.stages,
      CreatedDate: new Date(got.created),
    };
  },
};
