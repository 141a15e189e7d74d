import { randomBytes } from 'node:crypto';
import type { AppServices } from '../server/app-services.js';
import type { AccessKeyRecord } from './identity-store.js';
import { ACCESS_KEY_TOPIC, accessKeyPath } from './identity-store-impl.js';
import { awsId, secretAccessKey } from './ids.js';

export interface TemporaryCredentials {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
}

export interface SessionRequest {
  principal: AccessKeyRecord['principal'];
  kind: NonNullable<AccessKeyRecord['sessionKind']>;
  /** Epoch ms the session starts (the request's fixed time). */
  now: number;
  durationSeconds: number;
  sessionPolicies?: string[];
}

/**
 * Temporary credentials: an ASIA… key with a session token, stored (sealed, like every key)
 * as an access key that the authenticator accepts together with its token until it expires.
 * STS returns whole-second expirations.
 */
export async function issueSession(app: AppServices, req: SessionRequest): Promise<TemporaryCredentials> {
  const expiresAt = Math.floor(req.now / 1000) * 1000 + req.durationSeconds * 1000;
  const rec: AccessKeyRecord = {
    accessKeyId: awsId('ASIA'),
    secretAccessKey: secretAccessKey(),
    status: 'Active',
    principal: req.principal,
    sessionToken: randomBytes(96).toString('base64'),
    expiresAt,
    createdAt: req.now,
    sessionKind: req.kind,
  };
  if (req.sessionPolicies && req.sessionPolicies.length > 0) rec.sessionPolicies = req.sessionPolicies;
  // A new key id: no node can have it cached, so there is nothing to announce.
  await app.store.putJson(accessKeyPath(rec.accessKeyId), rec);
  return { AccessKeyId: rec.accessKeyId, SecretAccessKey: rec.secretAccessKey, SessionToken: rec.sessionToken as string, Expiration: new Date(expiresAt) };
}

/** Expired sessions are kept a day, so clients get ExpiredToken rather than an unknown key, then removed. */
const KEEP_EXPIRED_MS = 24 * 3600 * 1000;

export async function sweepExpiredSessions(app: AppServices, now: number): Promise<void> {
  const entries = await app.store.listAll('iam/access-keys/ASIA');
  for (const e of entries) {
    const rec = JSON.parse(e.value.toString('utf8')) as AccessKeyRecord;
    if (rec.expiresAt === undefined || now < rec.expiresAt + KEEP_EXPIRED_MS) continue;
    await app.store.transaction(async (tx) => {
      await tx.delete(e.key);
      await tx.announce(ACCESS_KEY_TOPIC, rec.accessKeyId);
    });
    app.bus.deliver(ACCESS_KEY_TOPIC, rec.accessKeyId);
  }
}
