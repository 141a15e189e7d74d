import type { GetPolicyVersionRequest, GetPolicyVersionResponse } from '../../../generated/iam-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { iamDate, parsePolicyArn } from '../arns.js';
import { invalidArn, policyVersionNotFound } from '../errors.js';
import { encodeDocument } from '../policy-docs.js';
import { iamReader } from '../repo.js';

export const getPolicyVersion: Operation<GetPolicyVersionRequest, GetPolicyVersionResponse> = {
  service: 'iam',
  name: 'GetPolicyVersion',
  action: 'iam:GetPolicyVersion',
  target: (input) => ({ resource: input.PolicyArn }),
  async handler(input, ctx) {
    if (!parsePolicyArn(input.PolicyArn)) throw invalidArn(input.PolicyArn);
    const p = await iamReader(ctx).policyByArn(input.PolicyArn);
    const v = p?.versions.find((x) => x.id === input.VersionId);
    if (!p || !v) throw policyVersionNotFound(input.PolicyArn, input.VersionId);
    return {
      PolicyVersion: { Document: encodeDocument(v.document), VersionId: v.id, IsDefaultVersion: v.id === p.defaultVersion, CreateDate: iamDate(v.createdAt) },
    };
  },
};
