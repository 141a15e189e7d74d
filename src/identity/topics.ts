/**
 * Bus topic of every IAM change (users, roles, groups, their policies and memberships, managed
 * policies); the key is the account id. Caches of what applies to a principal drop that account.
 */
export const IAM_TOPIC = 'iam';
