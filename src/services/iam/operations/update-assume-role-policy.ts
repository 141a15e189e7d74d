import type { UpdateAssumeRolePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { checkTrustDocument } from '../policy-docs.js';
import { iamWrite } from '../repo.js';
import { entityTarget } from '../target.js';

export const updateAssumeRolePolicy: Operation<UpdateAssumeRolePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'UpdateAssumeRolePolicy',
  action: 'iam:UpdateAssumeRolePolicy',
  target: (input, ctx) => entityTarget(ctx, 'role', input.RoleName),
  async handler(input, ctx) {
    await iamWrite(ctx, async (w) => {
      const r = await w.requireEntity('role', input.RoleName);
      checkTrustDocument(input.PolicyDocument);
      r.trustPolicy = input.PolicyDocument;
      await w.putEntity(r);
    });
    return {};
  },
};
