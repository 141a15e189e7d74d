import type { EntityKind } from './records.js';

const PLURAL: Record<EntityKind, string> = { user: 'users', role: 'roles', group: 'groups' };

// IAM names are unique without regard to case: the storage key is the lower-cased name.
export const entityPrefix = (account: string, kind: EntityKind): string => `iam/${account}/${PLURAL[kind]}/`;
export const entityPath = (account: string, kind: EntityKind, name: string): string => entityPrefix(account, kind) + name.toLowerCase();
export const policyPrefix = (account: string): string => `iam/${account}/policies/`;
export const policyPath = (account: string, name: string): string => policyPrefix(account) + name.toLowerCase();
