import type { RequestContext } from '../../protocol/operation.js';
import { noSuchInlinePolicy } from './errors.js';
import { paginate, type Page } from './paging.js';
import { checkInlineDocument, checkInlineQuota, encodeDocument } from './policy-docs.js';
import type { EntityKind, InlinePolicy } from './records.js';
import { iamReader, iamWrite } from './repo.js';

const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

/** Put{User,Group,Role}Policy: adds or replaces an inline policy. */
export async function putInline(ctx: RequestContext, kind: EntityKind, entityName: string, policyName: string, document: string): Promise<void> {
  await iamWrite(ctx, async (w) => {
    const e = await w.requireEntity(kind, entityName);
    checkInlineDocument(document);
    const i = e.inlinePolicies.findIndex((p) => same(p.name, policyName));
    const entry: InlinePolicy = { name: i >= 0 ? (e.inlinePolicies[i] as InlinePolicy).name : policyName, document };
    if (i >= 0) e.inlinePolicies[i] = entry;
    else e.inlinePolicies.push(entry);
    checkInlineQuota(kind, e.name, e.inlinePolicies);
    await w.putEntity(e);
  });
}

/** Get{User,Group,Role}Policy: the document, URL-encoded as IAM returns it. */
export async function getInline(ctx: RequestContext, kind: EntityKind, entityName: string, policyName: string): Promise<{ entity: string; policy: InlinePolicy }> {
  const e = await iamReader(ctx).requireEntity(kind, entityName);
  const p = e.inlinePolicies.find((x) => same(x.name, policyName));
  if (!p) throw noSuchInlinePolicy(kind, policyName);
  return { entity: e.name, policy: { name: p.name, document: encodeDocument(p.document) } };
}

export async function deleteInline(ctx: RequestContext, kind: EntityKind, entityName: string, policyName: string): Promise<void> {
  await iamWrite(ctx, async (w) => {
    const e = await w.requireEntity(kind, entityName);
    const i = e.inlinePolicies.findIndex((p) => same(p.name, policyName));
    if (i < 0) throw noSuchInlinePolicy(kind, policyName);
    e.inlinePolicies.splice(i, 1);
    await w.putEntity(e);
  });
}

export async function listInline(
  ctx: RequestContext,
  kind: EntityKind,
  entityName: string,
  marker: string | undefined,
  maxItems: number | undefined,
): Promise<Page<string>> {
  const e = await iamReader(ctx).requireEntity(kind, entityName);
  const names = e.inlinePolicies.map((p) => p.name).sort((a, b) => cmp(a.toLowerCase(), b.toLowerCase()));
  return paginate(names, (n) => n.toLowerCase(), marker, maxItems);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
