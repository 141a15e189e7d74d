import type { AuthzTarget, RequestContext } from '../../protocol/operation.js';
import type { Tag } from '../../generated/iam-types.js';
import { entityArn } from './arns.js';
import type { EntityKind } from './records.js';
import { iamReader } from './repo.js';

/** What an IAM call touches, for the authorize step: the entity's ARN with its path when it exists. */
export async function entityTarget(ctx: RequestContext, kind: EntityKind, name: string, extra: AuthzTarget = {}): Promise<AuthzTarget> {
  const e = await iamReader(ctx).entity(kind, name);
  const target: AuthzTarget = { ...extra, resource: e?.arn ?? entityArn(ctx.account, kind, '/', name) };
  if (e && 'tags' in e && e.tags.length > 0) target.resourceTags = Object.fromEntries(e.tags.map((t) => [t.Key, t.Value]));
  return target;
}

/** The target of a create: the ARN the new entity will have. */
export function newEntityTarget(ctx: RequestContext, kind: EntityKind, path: string | undefined, name: string, extra: AuthzTarget = {}): AuthzTarget {
  return { ...extra, resource: entityArn(ctx.account, kind, path ?? '/', name) };
}

/** The tags a call sets, for aws:RequestTag/* and aws:TagKeys. */
export function requestTags(tags: readonly Tag[] | undefined): AuthzTarget {
  if (!tags || tags.length === 0) return {};
  return { requestTags: Object.fromEntries(tags.map((t) => [t.Key, t.Value ?? ''])) };
}
