import { timingSafeEqual } from 'node:crypto';
import type { AppServices } from '../server/app-services.js';
import type { AccessKeyRecord } from '../identity/identity-store.js';
import { rootArn } from '../identity/identity-store-impl.js';
import { AwsError } from './errors.js';
import type { Principal } from './operation.js';
import { expiredToken, parseSigV4, unrecognizedClient, verifySigV4, type SigV4Input } from './sigv4/index.js';

export interface Authenticated {
  principal: Principal;
  region: string;
  /** Signing name from the credential scope, when the request was signed. */
  signingService?: string;
}

const DEFAULT_REGION = 'us-east-1';
const TWELVE_DIGITS = /^\d{12}$/;

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * SigV4 -> principal. Secure mode verifies the signature against the stored secret;
 * dev mode parses the signature but trusts it, and lets the access key id pick the
 * account, as local emulators do.
 */
export async function authenticate(req: SigV4Input, app: AppServices, now: number): Promise<Authenticated> {
  if (app.config.dev) return authenticateDev(req, app, now);
  // With the time given, a stale clock is refused before the access key is looked up, as AWS does.
  const parsed = parseSigV4(req, now);
  const key = await app.identity.lookupAccessKey(parsed.accessKeyId);
  if (!key || key.status !== 'Active') throw unrecognizedClient();
  if (key.sessionToken !== undefined) {
    if (parsed.sessionToken === undefined || !sameToken(parsed.sessionToken, key.sessionToken)) throw unrecognizedClient();
    if (key.expiresAt !== undefined && now >= key.expiresAt) throw expiredToken();
  }
  verifySigV4(req, parsed, key.secretAccessKey, now, key);
  return { principal: principalOf(key), region: parsed.region, signingService: parsed.service };
}

// The identity cache replaces a record when the key changes, never edits it: one principal per record.
const principals = new WeakMap<AccessKeyRecord, Principal>();

function principalOf(key: AccessKeyRecord): Principal {
  const known = principals.get(key);
  if (known) return known;
  const principal: Principal = { ...key.principal, accessKeyId: key.accessKeyId };
  if (key.sessionKind !== undefined) principal.sessionKind = key.sessionKind;
  Object.freeze(principal);
  principals.set(key, principal);
  return principal;
}

async function authenticateDev(req: SigV4Input, app: AppServices, now: number): Promise<Authenticated> {
  let parsed;
  try {
    parsed = parseSigV4(req);
  } catch (err) {
    // Unsigned requests are welcome in dev mode; malformed signatures are still errors.
    if (err instanceof AwsError && err.code === 'MissingAuthenticationTokenException') {
      return { principal: devRoot(app.config.devAccount, 'anonymous'), region: DEFAULT_REGION };
    }
    throw err;
  }
  const known = await app.identity.lookupAccessKey(parsed.accessKeyId);
  // Signatures go unchecked, but a key coffer issued keeps its state: disabled or expired is refused.
  if (known && known.status !== 'Active') throw unrecognizedClient();
  if (known?.expiresAt !== undefined && now >= known.expiresAt) throw expiredToken();
  const principal = known
    ? principalOf(known)
    : devRoot(TWELVE_DIGITS.test(parsed.accessKeyId) ? parsed.accessKeyId : app.config.devAccount, parsed.accessKeyId);
  return { principal, region: parsed.region, signingService: parsed.service };
}

function devRoot(account: string, accessKeyId: string): Principal {
  return { arn: rootArn(account), account, userId: account, type: 'root', accessKeyId, admin: true };
}
