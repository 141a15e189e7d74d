import type { AccessKeyRecord } from '../../identity/identity-store.js';
import type { RequestContext } from '../../protocol/operation.js';
import { nonUserCredentials } from './errors.js';
import type { UserRecord } from './records.js';
import { tagMap } from './tags.js';

/** The principal an IAM user's access keys authenticate as. */
export function userPrincipal(u: UserRecord, account: string): AccessKeyRecord['principal'] {
  const p: AccessKeyRecord['principal'] = { arn: u.arn, account, userId: u.id, type: 'user', name: u.name, admin: false };
  if (u.tags.length > 0) p.tags = tagMap(u.tags);
  return p;
}

/**
 * The user an access-key call is about: the one named, or else the calling user. Root and
 * role sessions have to name one (coffer does not manage root keys through IAM).
 */
export function targetUserName(ctx: RequestContext, given: string | undefined): string {
  if (given !== undefined) return given;
  const p = ctx.principal;
  if (p.type === 'user' && p.name !== undefined) return p.name;
  throw nonUserCredentials();
}
