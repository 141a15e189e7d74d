import { constants, createHash, privateEncrypt, publicDecrypt, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * RSA signatures over a digest the caller computed (MessageType DIGEST). node:crypto hashes
 * whatever it signs, so the encodings (PKCS #1 v1.5 DigestInfo, EMSA-PSS from RFC 8017) are
 * built here and the private-key operation is OpenSSL's raw (blinded) RSA.
 */
const DIGEST_INFO: Readonly<Record<string, Buffer>> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

function digestInfo(hash: string, digest: Buffer): Buffer {
  const prefix = DIGEST_INFO[hash];
  if (!prefix) throw new Error(`no DigestInfo for ${hash}`);
  return Buffer.concat([prefix, digest]);
}

const modulusBits = (key: KeyObject): number => key.asymmetricKeyDetails?.modulusLength ?? 0;

export function pkcs1SignDigest(privateKey: KeyObject, hash: string, digest: Buffer): Buffer {
  return privateEncrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo(hash, digest));
}

export function pkcs1VerifyDigest(publicKey: KeyObject, hash: string, digest: Buffer, signature: Buffer): boolean {
  const expected = digestInfo(hash, digest);
  let recovered: Buffer;
  try {
    recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
  } catch {
    return false;
  }
  return recovered.length === expected.length && timingSafeEqual(recovered, expected);
}

function mgf1(hash: string, seed: Buffer, length: number): Buffer {
  const out: Buffer[] = [];
  let have = 0;
  for (let counter = 0; have < length; counter++) {
    const c = Buffer.alloc(4);
    c.writeUInt32BE(counter);
    const block = createHash(hash).update(seed).update(c).digest();
    out.push(block);
    have += block.length;
  }
  return Buffer.concat(out).subarray(0, length);
}

/** EMSA-PSS-ENCODE with salt length = digest length, as AWS KMS uses. */
function pssEncode(hash: string, digest: Buffer, emBits: number): Buffer {
  const hLen = digest.length;
  const emLen = Math.ceil(emBits / 8);
  const salt = randomBytes(hLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  const db = Buffer.concat([Buffer.alloc(emLen - 2 * hLen - 2), Buffer.from([0x01]), salt]);
  const mask = mgf1(hash, h, db.length);
  for (let i = 0; i < db.length; i++) db[i] = db[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >> (8 * emLen - emBits));
  return Buffer.concat([db, h, Buffer.from([0xbc])]);
}

function pssVerify(hash: string, digest: Buffer, em: Buffer, emBits: number): boolean {
  const hLen = digest.length;
  const emLen = Math.ceil(emBits / 8);
  if (em.length !== emLen || emLen < 2 * hLen + 2 || em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const topBits = 8 * emLen - emBits;
  if ((maskedDb[0]! & ~(0xff >> topBits) & 0xff) !== 0) return false;
  const mask = mgf1(hash, h, maskedDb.length);
  const db = Buffer.alloc(maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i] = maskedDb[i]! ^ mask[i]!;
  db[0] = db[0]! & (0xff >> topBits);
  const psLen = emLen - 2 * hLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - hLen);
  const h2 = createHash(hash).update(Buffer.alloc(8)).update(digest).update(salt).digest();
  return timingSafeEqual(h, h2);
}

export function pssSignDigest(privateKey: KeyObject, hash: string, digest: Buffer): Buffer {
  const bits = modulusBits(privateKey);
  const em = pssEncode(hash, digest, bits - 1);
  const k = Math.ceil(bits / 8);
  const block = em.length === k ? em : Buffer.concat([Buffer.alloc(k - em.length), em]);
  return privateEncrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, block);
}

export function pssVerifyDigest(publicKey: KeyObject, hash: string, digest: Buffer, signature: Buffer): boolean {
  const bits = modulusBits(publicKey);
  const k = Math.ceil(bits / 8);
  if (signature.length !== k) return false;
  let block: Buffer;
  try {
    block = publicDecrypt({ key: publicKey, padding: constants.RSA_NO_PADDING }, signature);
  } catch {
    return false;
  }
  const emLen = Math.ceil((bits - 1) / 8);
  if (block.length > emLen && block.subarray(0, block.length - emLen).some((b) => b !== 0)) return false;
  return pssVerify(hash, digest, block.subarray(block.length - emLen), bits - 1);
}
