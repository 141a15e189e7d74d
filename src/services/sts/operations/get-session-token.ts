import type { GetSessionTokenRequest, GetSessionTokenResponse } from '../../../generated/sts-types.js';
import { issueSession } from '../../../identity/sessions.js';
import { AwsError } from '../../../protocol/errors.js';
import type { Operation } from '../../../protocol/operation.js';
import { mfaFailed } from './assume-role.js';

const USER_DEFAULT_SECONDS = 43200;
/** Sessions of the account root last at most an hour; longer requests get an hour. */
const ROOT_MAX_SECONDS = 3600;

/** Temporary credentials for the calling user (or root): the same principal, with a session token. */
export const getSessionToken: Operation<GetSessionTokenRequest, GetSessionTokenResponse> = {
  service: 'sts',
  name: 'GetSessionToken',
  action: 'sts:GetSessionToken',
  // "No permissions are required for a user to get a session token": policies cannot control it.
  neverDenied: true,
  async handler(input, ctx) {
    const key = await ctx.app.identity.lookupAccessKey(ctx.principal.accessKeyId);
    if (!key || key.sessionToken !== undefined) {
      throw new AwsError('AccessDeniedException', 'Cannot call GetSessionToken with session credentials');
    }
    if (input.SerialNumber !== undefined || input.TokenCode !== undefined) throw mfaFailed();
    let seconds = input.DurationSeconds ?? USER_DEFAULT_SECONDS;
    if (key.principal.type === 'root') seconds = Math.min(seconds, ROOT_MAX_SECONDS);
    const Credentials = await issueSession(ctx.app, { principal: key.principal, kind: 'session-token', now: ctx.now, durationSeconds: seconds });
    return { Credentials };
  },
};
