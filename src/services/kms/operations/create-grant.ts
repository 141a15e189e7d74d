import type { CreateGrantRequest, CreateGrantResponse } from '../../../generated/kms-types.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { issueToken, newGrantId, type GrantRecord } from '../grant.js';
import { reloadInTx } from '../key-guard.js';
import { repoOf, targetByKeyId, usableKey } from '../op-support.js';
import { dryRunStop } from '../request-checks.js';

const NO_ALIASES = { aliases: false };
export const MAX_GRANTS_PER_KEY = 50_000;

export const createGrant: Operation<CreateGrantRequest, CreateGrantResponse> = {
  service: 'kms',
  name: 'CreateGrant',
  action: 'kms:CreateGrant',
  target: targetByKeyId(
    (i) => i.KeyId,
    NO_ALIASES,
    (i) => {
      const keys: Record<string, string | string[]> = { 'kms:GranteePrincipal': i.GranteePrincipal, 'kms:GrantOperations': i.Operations };
      if (i.RetiringPrincipal !== undefined) keys['kms:RetiringPrincipal'] = i.RetiringPrincipal;
      const c = i.Constraints;
      if (c) keys['kms:GrantConstraintType'] = Object.keys(c).filter((k) => c[k as keyof typeof c] !== undefined);
      return keys;
    },
  ),
  async handler(input, ctx) {
    const found = await usableKey(input, ctx, input.KeyId, 'CreateGrant', NO_ALIASES);
    if (input.Operations.length === 0) throw new AwsError('ValidationException', 'Operations must not be empty.');
    dryRunStop(input.DryRun);
    const { account, region, keyId } = found.key;
    return repoOf(ctx).transact(async (w) => {
      await reloadInTx(w, found, 'CreateGrant', ctx.now);
      const grants = await w.listKeyGrants(account, region, keyId);
      // A grant Name makes retries idempotent: the same grant, a new token.
      let grant: GrantRecord | undefined = input.Name === undefined ? undefined : grants.find((g) => g.name === input.Name);
      if (!grant) {
        if (grants.length >= MAX_GRANTS_PER_KEY) throw new AwsError('LimitExceededException', `A KMS key can have at most ${MAX_GRANTS_PER_KEY} grants.`);
        grant = {
          grantId: newGrantId(),
          keyId,
          createdAt: ctx.now,
          granteePrincipal: input.GranteePrincipal,
          issuingAccount: ctx.account,
          operations: [...new Set(input.Operations)],
          tokenHashes: [],
        };
        if (input.Name !== undefined) grant.name = input.Name;
        if (input.RetiringPrincipal !== undefined) grant.retiringPrincipal = input.RetiringPrincipal;
        if (input.Constraints && Object.keys(input.Constraints).length > 0) grant.constraints = input.Constraints;
      }
      const { token, hash } = issueToken({ account, region, keyId, grantId: grant.grantId });
      grant.tokenHashes = [...grant.tokenHashes.slice(-9), hash];
      await w.putGrant(account, region, grant);
      return { GrantToken: token, GrantId: grant.grantId };
    });
  },
};
