import { AwsError } from '../../protocol/errors.js';
import type { RequestContext } from '../../protocol/operation.js';
import { invalidGrantToken, readToken, tokenMatches, type GrantRecord } from './grant.js';
import type { FoundKey } from './key-guard.js';
import { keyArn } from './key.js';
import { keyFor, repoOf } from './op-support.js';

const GRANT_ID = /^[0-9a-f]{64}$/;

export const grantNotFound = (grantId: string, arn: string): AwsError =>
  new AwsError('NotFoundException', `Grant ID ${grantId} not found for key ${arn}`);

export interface GrantRef {
  found: FoundKey;
  grantId: string;
  /** Present when the grant was named by token: it must match. */
  token?: string;
}

/** RetireGrant's two ways of naming a grant: a token, or a key and a grant id. */
export async function grantRef(
  input: { GrantToken?: string; KeyId?: string; GrantId?: string },
  ctx: RequestContext,
): Promise<GrantRef> {
  if (input.GrantToken !== undefined) {
    const claims = readToken(input.GrantToken);
    const found = await keyFor(input, ctx, keyArn(claims.region, claims.account, claims.keyId), { aliases: false });
    if (input.GrantId !== undefined && input.GrantId !== claims.grantId) throw invalidGrantToken();
    return { found, grantId: claims.grantId, token: input.GrantToken };
  }
  if (input.KeyId === undefined || input.GrantId === undefined) {
    throw new AwsError('ValidationException', 'Grant token OR (grant ID, key ID) must be specified');
  }
  const found = await keyFor(input, ctx, input.KeyId, { aliases: false });
  return { found, grantId: input.GrantId };
}

export async function removeGrant(ctx: RequestContext, ref: GrantRef, dryRun: (() => void) | undefined): Promise<void> {
  if (!GRANT_ID.test(ref.grantId)) throw new AwsError('InvalidGrantIdException', `Invalid grant ID ${ref.grantId}`);
  const { account, region, keyId } = ref.found.key;
  await repoOf(ctx).transact(async (w) => {
    const g: GrantRecord | undefined = await w.getGrant(account, region, keyId, ref.grantId);
    if (!g) throw ref.token !== undefined ? invalidGrantToken() : grantNotFound(ref.grantId, ref.found.arn);
    if (ref.token !== undefined && !tokenMatches(g, ref.token)) throw invalidGrantToken();
    dryRun?.();
    await w.deleteGrant(account, region, keyId, ref.grantId);
  });
}
