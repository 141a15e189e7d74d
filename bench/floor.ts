/**
 * Timing for the floor programs (primitives.ts, create-floor.ts): work that no implementation
 * of an API can skip, measured alone on the server core.
 */
import { createCipheriv, hash, randomBytes, timingSafeEqual } from 'node:crypto';
import { SigningKey } from '../src/protocol/sigv4/signing-key-cache.js';

/** CPU µs per call of fn: the least over several batches (other processes only ever add to a batch). */
export function cost(fn: () => void, calls = 50_000, batches = 5): number {
  for (let i = 0; i < Math.min(5_000, calls); i++) fn();
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const t = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const d = process.cpuUsage(t);
    best = Math.min(best, (d.user + d.system) / calls);
  }
  return best;
}

const body = '{"SecretId":"bench/get-secret-value-0000"}';
const canonical = [
  'POST',
  '/',
  '',
  'content-type:application/x-amz-json-1.1',
  'host:127.0.0.1:8080',
  'x-amz-date:20261129T010000Z',
  'x-amz-target:secretsmanager.GetSecretValue',
  '',
  'content-type;host;x-amz-date;x-amz-target',
  'e'.repeat(64),
].join('\n');
const signingKey = new SigningKey(randomBytes(32));
const stringToSign = `AWS4-HMAC-SHA256\n20261129T010000Z\n20261129/us-east-1/secretsmanager/aws4_request\n${'c'.repeat(64)}`;
const sent = Buffer.alloc(64);

export const SIGV4_WHAT = 'SigV4 check: one-shot SHA-256 of body and of canonical request, HMAC-SHA256 as two more, constant-time compare';

/** The signature check, the cheapest way node:crypto offers: one-shot hashes, and the HMAC as two of them. */
export function sigV4Check(): void {
  hash('sha256', body, 'hex');
  hash('sha256', canonical, 'hex');
  timingSafeEqual(Buffer.from(signingKey.signHex(stringToSign), 'utf8'), sent);
}

const gcmKey = randomBytes(32);
const gcmIv = randomBytes(12);
const gcmAad = Buffer.alloc(96, 7);

/** One AES-256-GCM seal as node:crypto offers it (a Cipheriv per call), with 96 B of AAD. */
export function gcmSeal(plaintext: Buffer): { c: Buffer; tag: Buffer } {
  const cipher = createCipheriv('aes-256-gcm', gcmKey, gcmIv);
  cipher.setAAD(gcmAad);
  const c = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { c, tag: cipher.getAuthTag() };
}

/** The same key, IV and AAD, to open what gcmSeal sealed. */
export const GCM = { key: gcmKey, iv: gcmIv, aad: gcmAad };
