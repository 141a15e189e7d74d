/** Short Weierstrass curve parameters (SEC 2 / FIPS 186-4) for the ECDSA curves KMS offers. */
export interface Curve {
  name: string;
  p: bigint;
  a: bigint;
  b: bigint;
  n: bigint;
  gx: bigint;
  gy: bigint;
  /** Byte length of a field element / scalar. */
  bytes: number;
}

const P256 = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const P384 = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffffn;
const P521 = (1n << 521n) - 1n;
const K1 = 0xfffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2fn;

export const CURVES: Readonly<Record<string, Curve>> = {
  prime256v1: {
    name: 'prime256v1',
    p: P256,
    a: P256 - 3n,
    b: 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn,
    n: 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n,
    gx: 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n,
    gy: 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n,
    bytes: 32,
  },
  secp384r1: {
    name: 'secp384r1',
    p: P384,
    a: P384 - 3n,
    b: 0xb3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aefn,
    n: 0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973n,
    gx: 0xaa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7n,
    gy: 0x3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5fn,
    bytes: 48,
  },
  secp521r1: {
    name: 'secp521r1',
    p: P521,
    a: P521 - 3n,
    b: 0x0051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00n,
    n: 0x01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409n,
    gx: 0x00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66n,
    gy: 0x011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650n,
    bytes: 66,
  },
  secp256k1: {
    name: 'secp256k1',
    p: K1,
    a: 0n,
    b: 7n,
    n: 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n,
    gx: 0x79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798n,
    gy: 0x483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8n,
    bytes: 32,
  },
};

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Inverse modulo a prime. */
export const modInv = (a: bigint, p: bigint): bigint => modPow(a, p - 2n, p);

export const toBigInt = (b: Uint8Array): bigint => (b.length === 0 ? 0n : BigInt(`0x${Buffer.from(b).toString('hex')}`));

export function toBytes(n: bigint, length: number): Buffer {
  const hex = n.toString(16).padStart(length * 2, '0');
  return Buffer.from(hex, 'hex');
}

interface Jacobian {
  x: bigint;
  y: bigint;
  z: bigint;
}

const INFINITY: Jacobian = { x: 0n, y: 1n, z: 0n };

function double(c: Curve, P: Jacobian): Jacobian {
  if (P.z === 0n || P.y === 0n) return INFINITY;
  const { p } = c;
  const y2 = (P.y * P.y) % p;
  const s = (4n * P.x * y2) % p;
  const z2 = (P.z * P.z) % p;
  const m = mod(3n * P.x * P.x + c.a * z2 * z2, p);
  const x = mod(m * m - 2n * s, p);
  const y = mod(m * (s - x) - 8n * y2 * y2, p);
  const z = (2n * P.y * P.z) % p;
  return { x, y, z };
}

function add(c: Curve, P: Jacobian, Q: Jacobian): Jacobian {
  if (P.z === 0n) return Q;
  if (Q.z === 0n) return P;
  const { p } = c;
  const pz2 = (P.z * P.z) % p;
  const qz2 = (Q.z * Q.z) % p;
  const u1 = (P.x * qz2) % p;
  const u2 = (Q.x * pz2) % p;
  const s1 = (P.y * qz2 * Q.z) % p;
  const s2 = (Q.y * pz2 * P.z) % p;
  if (u1 === u2) return s1 === s2 ? double(c, P) : INFINITY;
  const h = mod(u2 - u1, p);
  const r = mod(s2 - s1, p);
  const h2 = (h * h) % p;
  const h3 = (h2 * h) % p;
  const x = mod(r * r - h3 - 2n * u1 * h2, p);
  const y = mod(r * (u1 * h2 - x) - s1 * h3, p);
  const z = (h * P.z * Q.z) % p;
  return { x, y, z };
}

/** u1*G + u2*Q (Shamir's trick), affine x or undefined at infinity. Public data only: not constant time. */
export function linearCombinationX(c: Curve, u1: bigint, u2: bigint, qx: bigint, qy: bigint): bigint | undefined {
  const G: Jacobian = { x: c.gx, y: c.gy, z: 1n };
  const Q: Jacobian = { x: qx, y: qy, z: 1n };
  const GQ = add(c, G, Q);
  let R = INFINITY;
  const bits = Math.max(u1.toString(2).length, u2.toString(2).length);
  for (let i = bits - 1; i >= 0; i--) {
    R = double(c, R);
    const b1 = (u1 >> BigInt(i)) & 1n;
    const b2 = (u2 >> BigInt(i)) & 1n;
    if (b1 && b2) R = add(c, R, GQ);
    else if (b1) R = add(c, R, G);
    else if (b2) R = add(c, R, Q);
  }
  if (R.z === 0n) return undefined;
  const zInv = modInv(R.z, c.p);
  return (R.x * zInv * zInv) % c.p;
}

export function onCurve(c: Curve, x: bigint, y: bigint): boolean {
  if (x < 0n || x >= c.p || y < 0n || y >= c.p) return false;
  return mod(y * y - (x * x * x + c.a * x + c.b), c.p) === 0n;
}
