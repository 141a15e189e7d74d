import type { PutSecretValueRequest, PutSecretValueResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { invalidRequest, valueRequired } from '../errors.js';
import { resolveFor, secretTarget } from '../repo.js';
import { pickValue, sameAsExisting } from '../values.js';
import { writeVersion } from '../write-version.js';

export const putSecretValue: Operation<PutSecretValueRequest, PutSecretValueResponse> = {
  service: 'secretsmanager',
  name: 'PutSecretValue',
  action: 'secretsmanager:PutSecretValue',
  target(input, ctx) {
    const keys: Record<string, string | string[]> = {};
    if (input.VersionStages) keys['secretsmanager:VersionStage'] = input.VersionStages;
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const value = pickValue(input);
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    if (!value) throw valueRequired();
    const token = input.ClientRequestToken;
    if (token === undefined) throw invalidRequest('You must provide a ClientRequestToken value. We recommend a UUID-type value.');
    if (r.versions[token] && (await sameAsExisting(ctx, r, token, value))) {
      return { ARN: r.arn, Name: r.name, VersionId: token, VersionStages: [...r.versions[token]!.stages] };
    }
    const { stages } = await writeVersion(ctx, r, token, value, input.VersionStages);
    return { ARN: r.arn, Name: r.name, VersionId: token, VersionStages: stages };
  },
};
