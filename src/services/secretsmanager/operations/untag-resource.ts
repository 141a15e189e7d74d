import type { UntagResourceRequest } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { syncReplicas } from '../replication.js';
import { mutate, resolveFor, secretTarget } from '../repo.js';
import { removeTags } from '../tags.js';

export const untagResource: Operation<UntagResourceRequest, Record<string, never>> = {
  service: 'secretsmanager',
  name: 'UntagResource',
  action: 'secretsmanager:UntagResource',
  target: (input, ctx) => secretTarget(ctx, input.SecretId, { 'aws:TagKeys': input.TagKeys }),
  async handler(input, ctx) {
    const r = await resolveFor(ctx, input.SecretId, { primary: true, live: true });
    const { record } = await mutate(ctx, r, (fresh) => {
      fresh.tags = removeTags(fresh.tags, input.TagKeys);
      fresh.lastChanged = ctx.now;
    });
    await syncReplicas(ctx, record);
    return {};
  },
};
