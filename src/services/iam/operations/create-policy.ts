import type { CreatePolicyRequest, CreatePolicyResponse } from '../../../generated/iam-types.js';
import { awsId } from '../../../identity/ids.js';
import type { Operation } from '../../../protocol/operation.js';
import { policyArn } from '../arns.js';
import { invalidInput, policyExists } from '../errors.js';
import { checkManagedDocument } from '../policy-docs.js';
import type { ManagedPolicyRecord } from '../records.js';
import { iamWrite } from '../repo.js';
import { requestTags } from '../target.js';
import { policyView } from '../view.js';

/** Managed policy tag keys are case-sensitive (unlike user and role tags). */
function checkPolicyTagKeys(keys: readonly string[]): void {
  if (new Set(keys).size !== keys.length) throw invalidInput('Duplicate tag keys found.');
}

export const createPolicy: Operation<CreatePolicyRequest, CreatePolicyResponse> = {
  service: 'iam',
  name: 'CreatePolicy',
  action: 'iam:CreatePolicy',
  target(input, ctx) {
    return { ...requestTags(input.Tags), resource: policyArn(ctx.account, input.Path ?? '/', input.PolicyName) };
  },
  async handler(input, ctx) {
    const tags = (input.Tags ?? []).map((t) => ({ Key: t.Key, Value: t.Value ?? '' }));
    checkPolicyTagKeys(tags.map((t) => t.Key));
    checkManagedDocument(input.PolicyDocument);
    const path = input.Path ?? '/';
    const policy = await iamWrite(ctx, async (w) => {
      if (await w.policy(input.PolicyName)) throw policyExists(input.PolicyName);
      const p: ManagedPolicyRecord = {
        name: input.PolicyName,
        id: awsId('ANPA'),
        path,
        arn: policyArn(ctx.account, path, input.PolicyName),
        createdAt: ctx.now,
        updatedAt: ctx.now,
        defaultVersion: 'v1',
        versions: [{ id: 'v1', document: input.PolicyDocument, createdAt: ctx.now }],
        attachmentCount: 0,
        boundaryUsageCount: 0,
        tags,
      };
      if (input.Description !== undefined) p.description = input.Description;
      await w.putPolicy(p);
      return p;
    });
    return { Policy: policyView(policy, 'if-any') };
  },
};
