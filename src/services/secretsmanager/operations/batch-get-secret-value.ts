import type {
  APIErrorType,
  BatchGetSecretValueRequest,
  BatchGetSecretValueResponse,
  SecretValueEntry,
} from '../../../generated/secretsmanager-types.js';
import { authorizeAction } from '../../../protocol/authorize.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation, RequestContext } from '../../../protocol/operation.js';
import { catalog } from '../catalog.js';
import { invalidParameter } from '../errors.js';
import { compileFilters, matchesAll } from '../filters.js';
import { decodeToken, encodeToken } from '../paging.js';
import { valueOf } from '../envelope.js';
import { readSecretValue } from '../read.js';
import { recordTarget, resolve, secretTarget } from '../repo.js';
import { isDeleted, type SecretRecord } from '../secret.js';
import { selectPage } from './list-secrets.js';

const GET_SECRET_VALUE = 'secretsmanager:GetSecretValue';

/**
 * The call itself needs secretsmanager:BatchGetSecretValue (decided by the dispatcher; the action
 * has no resource). Each secret is then decided on its own as secretsmanager:GetSecretValue, and
 * a refusal lands in Errors[] like any other per-secret failure; Filters also need
 * secretsmanager:ListSecrets, as AWS documents.
 */
export const batchGetSecretValue: Operation<BatchGetSecretValueRequest, BatchGetSecretValueResponse> = {
  service: 'secretsmanager',
  name: 'BatchGetSecretValue',
  action: 'secretsmanager:BatchGetSecretValue',
  async handler(input, ctx) {
    if ((input.SecretIdList === undefined) === (input.Filters === undefined)) {
      throw invalidParameter("Either 'SecretIdList' or 'Filters' must be provided, but not both.");
    }
    if (input.MaxResults !== undefined && input.Filters === undefined) {
      throw invalidParameter("'Filters' not specified. 'Filters' must also be specified when 'MaxResults' is provided.");
    }
    const SecretValues: SecretValueEntry[] = [];
    const Errors: APIErrorType[] = [];
    if (input.SecretIdList) {
      for (const id of input.SecretIdList) {
        try {
          await authorizeAction(ctx, GET_SECRET_VALUE, await secretTarget(ctx, id));
          SecretValues.push(await entry(ctx, await resolve(ctx, id)));
        } catch (err) {
          if (!(err instanceof AwsError) || err.status >= 500) throw err;
          Errors.push({ SecretId: id, ErrorCode: err.code, Message: err.message });
        }
      }
      return { SecretValues, Errors };
    }
    await authorizeAction(ctx, 'secretsmanager:ListSecrets', {});
    const filters = compileFilters(input.Filters);
    const cat = await catalog(ctx.app, ctx.account, ctx.region);
    const query = JSON.stringify(input.Filters);
    const start = decodeToken(input.NextToken, query);
    const max = input.MaxResults ?? 20;
    const { page, more } = selectPage(cat.all(), (r) => !isDeleted(r) && matchesAll(r, filters), 'created-date', false, start, max);
    for (const r of page) {
      try {
        await authorizeAction(ctx, GET_SECRET_VALUE, recordTarget(r));
        SecretValues.push(await entry(ctx, r));
      } catch (err) {
        if (!(err instanceof AwsError) || err.status >= 500) throw err;
        Errors.push({ SecretId: r.arn, ErrorCode: err.code, Message: err.message });
      }
    }
    const out: BatchGetSecretValueResponse = { SecretValues, Errors };
    if (more) out.NextToken = encodeToken(start + max, query);
    return out;
  },
};

async function entry(ctx: RequestContext, r: SecretRecord): Promise<SecretValueEntry> {
  const got = await readSecretValue(ctx, r, undefined, undefined);
  return {
    ARN: r.arn,
    Name: r.name,
    VersionId: got.versionId,
    ...valueOf(got.value),
    VersionStages: got.stages,
    CreatedDate: new Date(got.created),
  };
}
