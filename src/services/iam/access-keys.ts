import type { RequestContext } from '../../protocol/operation.js';
import { accessKeyNotFound } from './errors.js';
import type { AccessKeyMeta, UserRecord } from './records.js';
import type { IamWriter } from './repo.js';
import { targetUserName } from './principals.js';

/** The user and the key an UpdateAccessKey/DeleteAccessKey names; the key must be that user's. */
export async function userKey(
  ctx: RequestContext,
  w: IamWriter,
  userName: string | undefined,
  accessKeyId: string,
): Promise<{ user: UserRecord; key: AccessKeyMeta; index: number }> {
  const user = await w.requireEntity('user', targetUserName(ctx, userName));
  const index = user.accessKeys.findIndex((k) => k.id === accessKeyId);
  const key = user.accessKeys[index];
  if (!key) throw accessKeyNotFound(accessKeyId);
  return { user, key, index };
}
