import type { TagResourceRequest } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { mergeTags } from '../tags.js';

export const tagResource: Operation<TagResourceRequest, Record<string, never>> = {
  service: 'secretsmanager',
  name: 'TagResource',
  action: 'secretsmanager:TagResource',
  target(input, ctx) {
    const keys: Record<string, string | string[]> = { 'aws:TagKeys': input.Tags.map((t) => t.Key ?? '') };
    for (const t of input.Tags) keys[`aws:RequestTag/${t.Key}`] = t.Value ?? '';
    return secretTarget(ctx, input.SecretId, keys);
  },
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    mergeTags(r.tags, input.Tags);
    const { record } = await mutate(ctx, r, (fresh) => {
      fresh.tags = mergeTags(fresh.tags, input.Tags);
      fresh.lastChanged = ctx.now;
    });
    await syncReplicas(ctx, record);
    return {};
  },
};
