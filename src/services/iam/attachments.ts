import type { RequestContext } from '../../protocol/operation.js';
import { parsePolicyArn } from './arns.js';
import { invalidArn, limitExceeded, policyNotAttachable, policyNotFound } from './errors.js';
import { paginate, type Page } from './paging.js';
import type { AttachedRef, EntityKind } from './records.js';
import { iamReader, iamWrite } from './repo.js';

const QUOTA_NAME: Record<EntityKind, string> = { user: 'PoliciesPerUser', role: 'PoliciesPerRole', group: 'PoliciesPerGroup' };
const MAX_ATTACHED = 10;

function checkPolicyArn(arn: string): void {
  if (!parsePolicyArn(arn)) throw invalidArn(arn);
}

/** Attach{User,Group,Role}Policy. Attaching twice is a no-op, as in IAM. */
export async function attach(ctx: RequestContext, kind: EntityKind, entityName: string, arn: string): Promise<void> {
  checkPolicyArn(arn);
  await iamWrite(ctx, async (w) => {
    const e = await w.requireEntity(kind, entityName);
    const p = await w.policyByArn(arn);
    if (!p) throw policyNotAttachable(arn);
    if (e.attached.some((a) => a.arn === p.arn)) return;
    if (e.attached.length >= MAX_ATTACHED) throw limitExceeded(`Cannot exceed quota for ${QUOTA_NAME[kind]}: ${MAX_ATTACHED}`);
    e.attached.push({ arn: p.arn, name: p.name });
    p.attachmentCount += 1;
    await w.putEntity(e);
    await w.putPolicy(p);
  });
}

export async function detach(ctx: RequestContext, kind: EntityKind, entityName: string, arn: string): Promise<void> {
  checkPolicyArn(arn);
  await iamWrite(ctx, async (w) => {
    const e = await w.requireEntity(kind, entityName);
    const i = e.attached.findIndex((a) => a.arn === arn);
    if (i < 0) throw policyNotFound(arn);
    e.attached.splice(i, 1);
    await w.putEntity(e);
    const p = await w.policyByArn(arn);
    if (p) {
      p.attachmentCount = Math.max(0, p.attachmentCount - 1);
      await w.putPolicy(p);
    }
  });
}

export async function listAttached(
  ctx: RequestContext,
  kind: EntityKind,
  entityName: string,
  pathPrefix: string | undefined,
  marker: string | undefined,
  maxItems: number | undefined,
): Promise<Page<AttachedRef>> {
  const e = await iamReader(ctx).requireEntity(kind, entityName);
  const prefix = pathPrefix ?? '/';
  const refs = e.attached
    .filter((a) => (parsePolicyArn(a.arn)?.path ?? '/').startsWith(prefix))
    .sort((a, b) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1));
  return paginate(refs, (a) => a.name.toLowerCase(), marker, maxItems);
}
