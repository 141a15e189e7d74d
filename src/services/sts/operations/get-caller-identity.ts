import type { Operation } from '../../../protocol/operation.js';

export const getCallerIdentity: Operation<Record<string, never>, { UserId: string; Account: string; Arn: string }> = {
  service: 'sts',
  name: 'GetCallerIdentity',
  action: 'sts:GetCallerIdentity',
  // AWS answers GetCallerIdentity for every authenticated caller, whatever the policies say.
  neverDenied: true,
  async handler(_input, ctx) {
    const p = ctx.principal;
    return { UserId: p.userId, Account: p.account, Arn: p.arn };
  },
};
