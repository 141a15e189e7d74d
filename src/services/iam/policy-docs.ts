import { parsePolicy } from '../../iam/index.js';
import { limitExceeded } from './errors.js';
import type { EntityKind, InlinePolicy } from './records.js';

/** IAM counts policy sizes without whitespace. */
export const policySize = (doc: string): number => doc.replace(/\s/g, '').length;

/** Aggregate size of an entity's inline policies. */
const INLINE_QUOTA: Record<EntityKind, number> = { user: 2048, group: 5120, role: 10240 };
const MANAGED_QUOTA = 6144;
const TRUST_QUOTA = 2048;

/** An inline policy (user, group, role): identity-policy grammar. */
export function checkInlineDocument(doc: string): void {
  parsePolicy(doc, 'identity', 'MalformedPolicyDocument');
}

export function checkInlineQuota(kind: EntityKind, entityName: string, policies: readonly InlinePolicy[]): void {
  const limit = INLINE_QUOTA[kind];
  const total = policies.reduce((n, p) => n + policySize(p.document), 0);
  if (total > limit) throw limitExceeded(`Maximum policy size of ${limit} bytes exceeded for ${kind} ${entityName}`);
}

/** A managed policy version: identity grammar, Version 2012-10-17 required. */
export function checkManagedDocument(doc: string): void {
  parsePolicy(doc, 'identity', 'MalformedPolicyDocument', { requireVersion2012: true });
  if (policySize(doc) > MANAGED_QUOTA) throw limitExceeded(`Cannot exceed quota for PolicySize: ${MANAGED_QUOTA}`);
}

/** A role trust policy. */
export function checkTrustDocument(doc: string): void {
  parsePolicy(doc, 'trust', 'MalformedPolicyDocument');
  if (policySize(doc) > TRUST_QUOTA) throw limitExceeded(`Cannot exceed quota for ACLSizePerRole: ${TRUST_QUOTA}`);
}

/** IAM hands policy documents back URL-encoded (RFC 3986); the aws CLI and boto3 decode them. */
export const encodeDocument = (doc: string): string => encodeURIComponent(doc);
