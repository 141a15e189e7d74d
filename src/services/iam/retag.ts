import type { RequestContext } from '../../protocol/operation.js';
import { userPrincipal } from './principals.js';
import type { TagRecord } from './records.js';
import { iamWrite } from './repo.js';

/**
 * Changes a user's or role's tags. A user's access keys carry its tags (aws:PrincipalTag/*),
 * so they are rewritten in the same transaction and every node drops its cached copy.
 */
export async function retag(ctx: RequestContext, kind: 'user' | 'role', name: string, change: (tags: TagRecord[]) => TagRecord[]): Promise<void> {
  await iamWrite(ctx, async (w) => {
    const e = await w.requireEntity(kind, name);
    e.tags = change(e.tags);
    await w.putEntity(e);
    if (e.kind !== 'user') return;
    for (const k of e.accessKeys) {
      const rec = await w.accessKey(k.id);
      if (!rec) continue;
      rec.principal = userPrincipal(e, ctx.account);
      await w.putAccessKey(rec);
    }
  });
}
