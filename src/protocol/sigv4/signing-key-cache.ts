import { createHmac, hash } from 'node:crypto';

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

const BLOCK = 64;
/** Room for a string to sign after the inner pad: SigV4's are about 150 bytes. */
const MESSAGE_ROOM = 448;

/**
 * A derived signing key, held as HMAC-SHA256's two padded key blocks (RFC 2104), so that
 * signing is two one-shot SHA-256 calls: createHmac() spends more setting up its object
 * (and fetching the algorithm from OpenSSL) than hashing, on every request.
 */
export class SigningKey {
  /** K xor ipad, then room for the message. */
  private readonly inner = Buffer.alloc(BLOCK + MESSAGE_ROOM);
  /** K xor opad, then the inner digest. */
  private readonly outer = Buffer.alloc(BLOCK + 32);

  constructor(readonly key: Buffer) {
    // A key longer than a block would be hashed first; a derived SigV4 key is 32 bytes.
    if (key.length > BLOCK) throw new RangeError('signing key longer than a SHA-256 block');
    this.inner.fill(0x36, 0, BLOCK);
    this.outer.fill(0x5c, 0, BLOCK);
    for (let i = 0; i < key.length; i++) {
      this.inner[i]! ^= key[i]!;
      this.outer[i]! ^= key[i]!;
    }
  }

  /** HMAC-SHA256(key, UTF-8 of message), as lowercase hex. */
  signHex(message: string): string {
    let inner = this.inner;
    let n: number;
    if (message.length * 3 <= MESSAGE_ROOM) {
      n = inner.write(message, BLOCK, 'utf8');
    } else {
      n = Buffer.byteLength(message, 'utf8');
      // Not from the shared pool (allocUnsafe), which would keep the padded key after this call.
      inner = Buffer.alloc(BLOCK + n);
      this.inner.copy(inner, 0, 0, BLOCK);
      inner.write(message, BLOCK, 'utf8');
    }
    // 'binary' is latin1: one char per digest byte, written back as that byte.
    this.outer.write(hash('sha256', inner.subarray(0, BLOCK + n), 'binary'), BLOCK, 'latin1');
    if (inner !== this.inner) inner.fill(0, 0, BLOCK);
    return hash('sha256', this.outer, 'hex');
  }
}

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
  private readonly keys = new Map<string, SigningKey>();
  /**
   * Keys by the object holding the secret (an access key record as the identity cache
   * hands it out, replaced, never edited, when the key changes), then by credential
   * scope: no hash of the secret per request, and nothing kept once the record is dropped.
   */
  private byOwner = new WeakMap<object, Map<string, SigningKey>>();

  constructor(private readonly maxEntries = 1000) {}

  get size(): number {
    return this.keys.size;
  }

  get(secret: string, date: string, region: string, service: string): SigningKey {
    const id = hash('sha256', secret, 'base64') + '/' + date + '/' + region + '/' + service;
    const hit = this.keys.get(id);
    if (hit !== undefined) {
      // Re-insert to mark it most recently used (Map keeps insertion order).
      this.keys.delete(id);
      this.keys.set(id, hit);
      return hit;
    }
    const key = new SigningKey(deriveSigningKey(secret, date, region, service));
    if (this.keys.size >= this.maxEntries) {
      const oldest = this.keys.keys().next().value;
      if (oldest !== undefined) this.keys.delete(oldest);
    }
    this.keys.set(id, key);
    return key;
  }

  /** get() for a secret held by `owner`; `scope` is date/region/service/aws4_request. */
  getFor(owner: object, scope: string, secret: string, date: string, region: string, service: string): SigningKey {
    let scopes = this.byOwner.get(owner);
    const hit = scopes?.get(scope);
    if (hit !== undefined) return hit;
    const key = new SigningKey(deriveSigningKey(secret, date, region, service));
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
