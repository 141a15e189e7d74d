import type { EntityKind } from './records.js';

export const entityArn = (account: string, kind: EntityKind, path: string, name: string): string => `arn:aws:iam::${account}:${kind}${path}${name}`;
export const policyArn = (account: string, path: string, name: string): string => `arn:aws:iam::${account}:policy${path}${name}`;
export const roleArnOf = (account: string, path: string, name: string): string => entityArn(account, 'role', path, name);

const POLICY_ARN = /^arn:aws:iam::(\d{12}|aws):policy(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

/** A managed policy ARN's parts, or undefined when it is not one. */
export function parsePolicyArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = POLICY_ARN.exec(arn);
  if (!m) return undefined;
  return { account: m[1] as string, path: m[2] as string, name: m[3] as string };
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

export function parseRoleArn(arn: string): { account: string; path: string; name: string } | undefined {
  const m = ROLE_ARN.exec(arn);
  if (!m) return undefined;
  return { account: m[1] as string, path: m[2] as string, name: m[3] as string };
}

/** IAM returns whole seconds. */
export const iamDate = (ms: number): Date => new Date(Math.floor(ms / 1000) * 1000);
