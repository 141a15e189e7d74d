import { createHmac, hash } from 'node:crypto';

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

/** Scopes (day, region, service) remembered per access key; a day's worth of services and regions. */
const OWNER_SCOPES = 32;

/**
 * Derived signing keys, least recently used evicted first. The cache key carries a
 * hash of the secret rather than the access key id, so a rotated or replaced secret
 * can never be checked against a key derived from the old one, and the secret itself
 * is never kept here.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();
  /**
   * Keys by the object holding the secret (an access key record as the identity cache
   * hands it out, replaced, never edited, when the key changes), then by credential
   * scope: no hash of the secret per request, and nothing kept once the record is dropped.
   */
  private byOwner = new WeakMap<object, Map<string, Buffer>>();

  constructor(private readonly maxEntries = 1000) {}

  get size(): number {
    return this.keys.size;
  }

  get(secret: string, date: string, region: string, service: string): Buffer {
    const id = hash('sha256', secret, 'base64') + '/' + date + '/' + region + '/' + service;
    const hit = this.keys.get(id);
    if (hit !== undefined) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.keys.delete(id);
      this.keys.set(id, hit);
      return hit;
    }
    const key = deriveSigningKey(secret, date, region, service);
    if (this.keys.size >= this.maxEntries) {
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    this.keys.set(id, key);
    return key;
  }

  /** get() for a secret held by `owner`; `scope` is date/region/service/aws4_request. */
  getFor(owner: object, scope: string, secret: string, date: string, region: string, service: string): Buffer {
    let scopes = this.byOwner.get(owner);
    const hit = scopes?.get(scope);
    if (hit !== undefined) return hit;
    const key = deriveSigningKey(secret, date, region, service);
    if (!scopes) {
      scopes = new Map();
      this.byOwner.set(owner, scopes);
    } else if (scopes.size >= OWNER_SCOPES) {
      scopes.clear();
    }
    scopes.set(scope, key);
    return key;
  }

  clear(): void {
    this.keys.clear();
    this.byOwner = new WeakMap();
  }
}

/** The process-wide cache the verifier uses. */
export const signingKeys = new SigningKeyCache(1000);
