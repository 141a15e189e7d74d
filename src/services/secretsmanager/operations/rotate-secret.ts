import type { RotateSecretRequest, RotateSecretResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { invalidParameter, invalidRequest, noRotationLambda } from '../errors.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { nextRotationDate, parseRotationRules, rotationRunner } from '../rotation-rules.js';
import { AWSCURRENT, AWSPENDING, versionWithStage } from '../secret.js';

export const rotateSecret: Operation<RotateSecretRequest, RotateSecretResponse> = {
  service: 'secretsmanager',
  name: 'RotateSecret',
  action: 'secretsmanager:RotateSecret',
  target(input, ctx) {
    const keys: Record<string, string> = {};
    if (input.RotationLambdaARN !== undefined) keys['secretsmanager:RotationLambdaARN'] = input.RotationLambdaARN;
    if (input.RotationRules !== undefined) keys['secretsmanager:ModifyRotationRules'] = 'true';
    if (input.RotateImmediately !== undefined) keys['secretsmanager:RotateImmediately'] = String(input.RotateImmediately);
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    const token = input.ClientRequestToken;
    if (token === undefined) throw invalidParameter('You must provide a ClientRequestToken value. We recommend a UUID-type value.');
    const schedule = input.RotationRules ? parseRotationRules(input.RotationRules) : undefined;
    const lambdaArn = input.RotationLambdaARN || r.rotation.lambdaArn;
    if (!lambdaArn && r.type === undefined && input.ExternalSecretRotationRoleArn === undefined) throw noRotationLambda();
    const pending = versionWithStage(r, AWSPENDING);
    if (pending !== undefined && pending !== versionWithStage(r, AWSCURRENT) && pending !== token) {
      throw invalidRequest("A previous rotation isn't complete. That rotation will be reattempted.");
    }
    const { record } = await mutate(ctx, r, (fresh) => {
      fresh.rotation.requested = true;
      fresh.rotation.enabled = true;
      if (lambdaArn) fresh.rotation.lambdaArn = lambdaArn;
      if (input.RotationRules) fresh.rotation.rules = { ...input.RotationRules };
      const rules = fresh.rotation.rules ? parseRotationRules(fresh.rotation.rules) : schedule;
      const next = rules ? nextRotationDate(rules, fresh.rotation.lastRotated, ctx.now) : undefined;
      if (next === undefined) delete fresh.rotation.next;
      else fresh.rotation.next = next;
      if (input.ExternalSecretRotationMetadata) fresh.externalRotationMetadata = input.ExternalSecretRotationMetadata;
      if (input.ExternalSecretRotationRoleArn) fresh.externalRotationRoleArn = input.ExternalSecretRotationRoleArn;
      fresh.lastChanged = ctx.now;
    });
    await rotationRunner().start(ctx, record, token, input.RotateImmediately ?? true);
    return { ARN: record.arn, Name: record.name, VersionId: token };
  },
};
