import type { AuthzPrincipal } from './authz-types.js';
import { parseArn } from './arn.js';
import { roleArnOf } from './request-context.js';

/** A KMS grant as the authorizer weighs it (the stored record carries more). */
export interface AuthzGrant {
  grantId: string;
  granteePrincipal: string;
  retiringPrincipal?: string;
  /** Grant operations: Decrypt, Encrypt, GenerateDataKey, CreateGrant, RetireGrant, … */
  operations: readonly string[];
  constraints?: {
    EncryptionContextEquals?: Readonly<Record<string, string>>;
    EncryptionContextSubset?: Readonly<Record<string, string>>;
  };
}

export interface GrantRequest {
  /** The IAM action, e.g. kms:Decrypt. */
  action: string;
  principal: AuthzPrincipal;
  /** The request's encryption context ({} when it sent none). */
  encryptionContext: Readonly<Record<string, string>>;
  /** CreateGrant: the operations the new grant would give (kms:GrantOperations). */
  grantOperations?: readonly string[];
}

/**
 * How a grant names the caller: 'direct' for the caller itself (its user, role session, role,
 * account root or service principal); 'account' when it names the caller's account, whose IAM
 * policies must then allow the call, as with a key policy that names an account.
 */
export type GrantMatch = 'direct' | 'account';

export interface GrantDecision {
  grant: AuthzGrant;
  match: GrantMatch;
}

// Operations whose requests carry an encryption context: only there can a constraint be met.
const CONTEXT_OPERATIONS = new Set([
  'Decrypt',
  'Encrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'GenerateDataKeyPair',
  'GenerateDataKeyPairWithoutPlaintext',
  'ReEncryptFrom',
  'ReEncryptTo',
]);
// Constraints do not restrict these (AWS allows them in a constrained grant).
const UNCONSTRAINED_OPERATIONS = new Set(['DescribeKey', 'RetireGrant']);

/** Does a grantee (or retiring) principal string name the caller? */
export function grantPrincipalMatch(named: string | undefined, p: AuthzPrincipal): GrantMatch | undefined {
  if (named === undefined || named === '') return undefined;
  if (p.type === 'service') return p.name !== undefined && named.toLowerCase() === p.name.toLowerCase() ? 'direct' : undefined;
  if (named === p.arn) return 'direct';
  if (/^\d{12}$/.test(named)) return accountMatch(named, p);
  const arn = parseArn(named);
  if (!arn) return undefined;
  if (arn.service === 'iam' && arn.resource === 'root') return accountMatch(arn.account, p);
  if (arn.service === 'iam' && arn.resource.startsWith('role/') && p.type === 'assumed-role' && arn.account === p.account) {
    // A grant to a role covers its sessions; the path must match where the session knows it.
    const roleArn = roleArnOf(p);
    const name = arn.resource.split('/').pop();
    if (p.roleArn !== undefined) return roleArn === named ? 'direct' : undefined;
    return roleArn !== undefined && roleArn.split('/').pop() === name ? 'direct' : undefined;
  }
  return undefined;
}

function accountMatch(account: string, p: AuthzPrincipal): GrantMatch | undefined {
  if (account !== p.account) return undefined;
  return p.type === 'root' ? 'direct' : 'account';
}

/** Do the grant's constraints hold for the request's encryption context? */
export function grantConstraintsHold(grant: AuthzGrant, operation: string, context: Readonly<Record<string, string>>): boolean {
  const c = grant.constraints;
  if (!c || (c.EncryptionContextEquals === undefined && c.EncryptionContextSubset === undefined)) return true;
  if (UNCONSTRAINED_OPERATIONS.has(operation)) return true;
  // A constrained grant cannot pass its permissions on unconstrained, nor allow calls without a context.
  if (!CONTEXT_OPERATIONS.has(operation)) return false;
  if (c.EncryptionContextEquals) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(context).length) return false;
    if (!keys.every((k) => Object.hasOwn(context, k) && context[k] === want[k])) return false;
  }
  if (c.EncryptionContextSubset) {
    for (const [k, v] of Object.entries(c.EncryptionContextSubset)) if (!Object.hasOwn(context, k) || context[k] !== v) return false;
  }
  return true;
}

/**
 * The grant that allows the request, if any: its grantee names the caller, its operations include
 * the call and its constraints hold for the request's encryption context. RetireGrant is allowed
 * to the grant's retiring principal, and to its grantee when the grant includes RetireGrant.
 * CreateGrant through a grant may pass on only operations the grant has. A 'direct' match is
 * preferred to an 'account' one.
 */
export function grantAllowing(grants: readonly AuthzGrant[], req: GrantRequest): GrantDecision | undefined {
  if (!req.action.startsWith('kms:')) return undefined;
  const operation = req.action.slice(4);
  let best: GrantDecision | undefined;
  for (const grant of grants) {
    let match: GrantMatch | undefined;
    if (operation === 'RetireGrant') match = grantPrincipalMatch(grant.retiringPrincipal, req.principal);
    if (!match && grant.operations.includes(operation)) match = grantPrincipalMatch(grant.granteePrincipal, req.principal);
    if (!match) continue;
    if (operation === 'CreateGrant' && !createGrantAllowed(grant, req.grantOperations)) continue;
    if (!grantConstraintsHold(grant, operation, req.encryptionContext)) continue;
    if (match === 'direct') return { grant, match };
    best ??= { grant, match };
  }
  return best;
}

function createGrantAllowed(grant: AuthzGrant, wanted: readonly string[] | undefined): boolean {
  const c = grant.constraints;
  // Whether a child keeps the parent's constraints is not known here: a constrained grant passes nothing on.
  if (c && (c.EncryptionContextEquals !== undefined || c.EncryptionContextSubset !== undefined)) return false;
  return (wanted ?? []).every((op) => grant.operations.includes(op));
}

const CONTEXT_PREFIX = 'kms:EncryptionContext:';

/** The encryption context a request carries, read back from its kms:EncryptionContext:<k> condition keys. */
export function encryptionContextFromKeys(keys: Readonly<Record<string, unknown>> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!keys) return out;
  for (const [k, v] of Object.entries(keys)) {
    if (k.startsWith(CONTEXT_PREFIX) && typeof v === 'string') out[k.slice(CONTEXT_PREFIX.length)] = v;
  }
  return out;
}
