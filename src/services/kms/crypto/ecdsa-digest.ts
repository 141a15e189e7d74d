import { createECDH, randomBytes, type KeyObject } from 'node:crypto';
import { CURVES, linearCombinationX, modInv, onCurve, toBigInt, toBytes, type Curve } from './curves.js';

/**
 * ECDSA over a digest the caller computed (MessageType DIGEST). node:crypto always hashes
 * what it signs, so the signature equation is done here. The secret-dependent point
 * multiplication k*G still runs in OpenSSL (through ECDH); the scalar arithmetic is blinded.
 */
function curveOf(name: string): Curve {
  const c = CURVES[name];
  if (!c) throw new Error(`no ECDSA curve ${name}`);
  return c;
}

/** Leftmost bits of the digest, as many as the group order has (SEC 1, 4.1.3). */
function digestToInt(c: Curve, digest: Buffer): bigint {
  const e = toBigInt(digest);
  const orderBits = c.n.toString(2).length;
  const excess = digest.length * 8 - orderBits;
  return excess > 0 ? e >> BigInt(excess) : e;
}

function randomScalar(c: Curve): bigint {
  for (;;) {
    const k = toBigInt(randomBytes(c.bytes + 8)) % c.n;
    if (k !== 0n) return k;
  }
}

export function ecdsaSignDigest(curveName: string, privateKey: KeyObject, digest: Buffer): Buffer {
  const c = curveOf(curveName);
  const jwk = privateKey.export({ format: 'jwk' });
  const d = toBigInt(Buffer.from(jwk.d ?? '', 'base64url'));
  const e = digestToInt(c, digest);
  const ecdh = createECDH(curveName);
  for (;;) {
    const k = randomScalar(c);
    ecdh.setPrivateKey(toBytes(k, c.bytes));
    const point = ecdh.getPublicKey();
    const r = toBigInt(point.subarray(1, 1 + c.bytes)) % c.n;
    if (r === 0n) continue;
    const blind = randomScalar(c);
    // s = (k*b)^-1 * (b*e + b*r*d): the inversion never sees k itself.
    const kb = (k * blind) % c.n;
    const s = (modInv(kb, c.n) * ((blind * e + ((blind * r) % c.n) * d) % c.n)) % c.n;
    if (s === 0n) continue;
    return derSignature(r, s);
  }
}

export function ecdsaVerifyDigest(curveName: string, publicKey: KeyObject, digest: Buffer, signature: Buffer): boolean {
  const c = curveOf(curveName);
  const rs = parseDerSignature(signature);
  if (!rs) return false;
  const [r, s] = rs;
  if (r <= 0n || r >= c.n || s <= 0n || s >= c.n) return false;
  const jwk = publicKey.export({ format: 'jwk' });
  const qx = toBigInt(Buffer.from(jwk.x ?? '', 'base64url'));
  const qy = toBigInt(Buffer.from(jwk.y ?? '', 'base64url'));
  if (!onCurve(c, qx, qy)) return false;
  const w = modInv(s, c.n);
  const e = digestToInt(c, digest);
  const x = linearCombinationX(c, (e * w) % c.n, (r * w) % c.n, qx, qy);
  return x !== undefined && x % c.n === r;
}

function derInteger(n: bigint): Buffer {
  const hex = n.toString(16);
  let bytes = Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
  if (bytes[0]! >= 0x80) bytes = Buffer.concat([Buffer.from([0]), bytes]);
  return Buffer.concat([Buffer.from([0x02]), derLength(bytes.length), bytes]);
}

function derLength(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  if (n < 0x100) return Buffer.from([0x81, n]);
  return Buffer.from([0x82, n >> 8, n & 0xff]);
}

export function derSignature(r: bigint, s: bigint): Buffer {
  const body = Buffer.concat([derInteger(r), derInteger(s)]);
  return Buffer.concat([Buffer.from([0x30]), derLength(body.length), body]);
}

/** Strict DER: SEQUENCE of two minimal positive INTEGERs and nothing else. */
export function parseDerSignature(sig: Buffer): [bigint, bigint] | undefined {
  let pos = 0;
  const readLength = (): number | undefined => {
    const first = sig[pos++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    if (first === 0x81) {
      const n = sig[pos++];
      return n !== undefined && n >= 0x80 ? n : undefined;
    }
    return undefined;
  };
  if (sig[pos++] !== 0x30) return undefined;
  const total = readLength();
  if (total === undefined || pos + total !== sig.length) return undefined;
  const ints: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    if (sig[pos++] !== 0x02) return undefined;
    const len = readLength();
    if (len === undefined || len === 0 || pos + len > sig.length) return undefined;
    const bytes = sig.subarray(pos, pos + len);
    if (bytes[0]! >= 0x80) return undefined;
    if (len > 1 && bytes[0] === 0 && bytes[1]! < 0x80) return undefined;
    ints.push(toBigInt(bytes));
    pos += len;
  }
  if (pos !== sig.length) return undefined;
  return [ints[0]!, ints[1]!];
}
