import type { ValidateResourcePolicyRequest, ValidateResourcePolicyResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { resolve, secretTarget } from '../repo.js';
import { grantsPublicAccess, parseResourcePolicy } from '../resource-policy.js';

export const validateResourcePolicy: Operation<ValidateResourcePolicyRequest, ValidateResourcePolicyResponse> = {
  service: 'secretsmanager',
  name: 'ValidateResourcePolicy',
  action: 'secretsmanager:ValidateResourcePolicy',
  target: (input, ctx) => (input.SecretId !== undefined ? secretTarget(ctx, input.SecretId) : {}),
  async handler(input, ctx) {
    if (input.SecretId !== undefined) await resolve(ctx, input.SecretId);
    const statements = parseResourcePolicy(input.ResourcePolicy);
    if (grantsPublicAccess(statements)) {
      return {
        PolicyValidationPassed: false,
        ValidationErrors: [
          { CheckName: 'BLOCK_PUBLIC_POLICY', ErrorMessage: 'The resource policy grants broad access to the secret.' },
        ],
      };
    }
    return { PolicyValidationPassed: true, ValidationErrors: [] };
  },
};
