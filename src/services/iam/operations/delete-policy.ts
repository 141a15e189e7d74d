import type { DeletePolicyRequest } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { parsePolicyArn } from '../arns.js';
import { deleteConflict, invalidArn, policyNotFound } from '../errors.js';
import { iamWrite } from '../repo.js';

/** A policy still attached anywhere, or used as a permissions boundary, cannot be deleted. */
export const deletePolicy: Operation<DeletePolicyRequest, Record<string, never>> = {
  service: 'iam',
  name: 'DeletePolicy',
  action: 'iam:DeletePolicy',
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, ctx) {
    if (!parsePolicyArn(input.PolicyArn)) throw invalidArn(input.PolicyArn);
    await iamWrite(ctx, async (w) => {
      const p = await w.policyByArn(input.PolicyArn);
      if (!p) throw policyNotFound(input.PolicyArn);
      if (p.attachmentCount > 0 || p.boundaryUsageCount > 0) throw deleteConflict('Cannot delete a policy attached to entities.');
      await w.deletePolicy(p);
    });
    return {};
  },
};
