import { createHmac, hash } from 'node:crypto';

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

/** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"). */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, date), region), service), 'aws4_request');
}

/**
 * Derived signing keys, least recently used evicted first. The cache key carries a
 * hash of the secret rather than the access key id, so a rotated or replaced secret
 * can never be checked against a key derived from the old one, and the secret itself
 * is never kept here.
 */
export class SigningKeyCache {
  private readonly keys = new Map<string, Buffer>();

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

  clear(): void {
    this.keys.clear();
  }
}

/** The process-wide cache the verifier uses. */
export const signingKeys = new SigningKeyCache(1000);
