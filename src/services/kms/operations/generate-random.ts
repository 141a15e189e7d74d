import { randomBytes } from 'node:crypto';
import type { GenerateRandomRequest, GenerateRandomResponse } from '../../../generated/kms-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { validation } from '../errors.js';
import { customKeyStoreNotFound, refuseRecipient } from '../request-checks.js';

export const generateRandom: Operation<GenerateRandomRequest, GenerateRandomResponse> = {
  service: 'kms',
  name: 'GenerateRandom',
  action: 'kms:GenerateRandom',
  async handler(input) {
    if (input.CustomKeyStoreId !== undefined) throw customKeyStoreNotFound(input.CustomKeyStoreId);
    refuseRecipient(input.Recipient);
    if (input.NumberOfBytes === undefined) throw validation('NumberOfBytes is required.');
    return { Plaintext: randomBytes(input.NumberOfBytes) };
  },
};
