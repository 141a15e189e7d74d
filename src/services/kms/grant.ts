import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { GrantConstraints, GrantListEntry, GrantOperation } from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';
import { keyArn } from './key.js';

/**
 * A grant as stored at kms/<account>/<region>/grants/<keyId>/<grantId>. Everything the
 * authorizer needs to honour it is here: grantee, operations, constraints and the hashes of
 * the tokens issued for it (a token gives use before the grant is "consistent").
 */
export interface GrantRecord {
  grantId: string;
  keyId: string;
  name?: string;
  createdAt: number;
  granteePrincipal: string;
  retiringPrincipal?: string;
  issuingAccount: string;
  operations: GrantOperation[];
  constraints?: GrantConstraints;
  /** sha256 hex of every token issued for this grant. */
  tokenHashes: string[];
}

export interface TokenClaims {
  account: string;
  region: string;
  keyId: string;
  grantId: string;
}

export const newGrantId = (): string => randomBytes(32).toString('hex');

const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** Tokens name their grant (so RetireGrant needs nothing else) and carry 256 random bits. */
export function issueToken(claims: TokenClaims): { token: string; hash: string } {
  const body = Buffer.from(JSON.stringify([claims.account, claims.region, claims.keyId, claims.grantId])).toString('base64url');
  const token = `${body}.${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token) };
}

export const invalidGrantToken = (): AwsError => new AwsError('InvalidGrantTokenException', 'The grant token is not valid.');

export function readToken(token: string): TokenClaims {
  const [body, secret, extra] = token.split('.');
  if (!body || !secret || extra !== undefined) throw invalidGrantToken();
  try {
    const parsed: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 4 && parsed.every((p) => typeof p === 'string')) {
      const [account, region, keyId, grantId] = parsed as [string, string, string, string];
      return { account, region, keyId, grantId };
    }
  } catch {
    // fall through
  }
  throw invalidGrantToken();
}

export function tokenMatches(g: GrantRecord, token: string): boolean {
  const h = Buffer.from(hashToken(token), 'hex');
  return g.tokenHashes.some((t) => timingSafeEqual(Buffer.from(t, 'hex'), h));
}

export function grantEntry(g: GrantRecord, region: string, account: string): GrantListEntry {
  const e: GrantListEntry = {
    KeyId: keyArn(region, account, g.keyId),
    GrantId: g.grantId,
    CreationDate: new Date(g.createdAt),
    GranteePrincipal: g.granteePrincipal,
    IssuingAccount: `arn:aws:iam::${g.issuingAccount}:root`,
    Operations: g.operations,
  };
  if (g.name !== undefined) e.Name = g.name;
  if (g.retiringPrincipal !== undefined) e.RetiringPrincipal = g.retiringPrincipal;
  if (g.constraints !== undefined) e.Constraints = g.constraints;
  return e;
}

/** Does a request's encryption context satisfy a grant's constraints? For the authorizer. */
export function constraintsHold(c: GrantConstraints | undefined, context: Record<string, string>): boolean {
  if (!c) return true;
  if (c.EncryptionContextEquals) {
    const want = c.EncryptionContextEquals;
    const keys = Object.keys(want);
    if (keys.length !== Object.keys(context).length) return false;
    if (!keys.every((k) => context[k] === want[k])) return false;
  }
  if (c.EncryptionContextSubset) {
    for (const [k, v] of Object.entries(c.EncryptionContextSubset)) if (context[k] !== v) return false;
  }
  return true;
}
