import type { GetRandomPasswordRequest, GetRandomPasswordResponse } from '../../../generated/secretsmanager-types.js';
import type { Operation } from '../../../protocol/operation.js';
import { randomPassword } from '../password.js';

export const getRandomPassword: Operation<GetRandomPasswordRequest, GetRandomPasswordResponse> = {
  service: 'secretsmanager',
  name: 'GetRandomPassword',
  action: 'secretsmanager:GetRandomPassword',
  async handler(input) {
    return { RandomPassword: randomPassword(input) };
  },
};
