import type { AnyOperation } from '../../protocol/operation.js';
import { assumeRole } from './operations/assume-role.js';
import { getCallerIdentity } from './operations/get-caller-identity.js';
import { getSessionToken } from './operations/get-session-token.js';

export { assumeRoleForService, type ServiceAssumeOptions } from './assume-role-for-service.js';
export type { RoleSession } from './role-session.js';

export const stsOperations: AnyOperation[] = [assumeRole, getCallerIdentity, getSessionToken];
