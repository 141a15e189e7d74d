import { createHash, createPrivateKey, createPublicKey, generateKeyPair, randomBytes, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeySpec } from '../../../generated/kms-types.js';
import { specInfo } from '../key-specs.js';

const generateKeyPairAsync = promisify(generateKeyPair);

export interface GeneratedMaterial {
  /** AES/HMAC key bytes, or PKCS#8 DER. */
  secret: Buffer;
  /** DER SubjectPublicKeyInfo for asymmetric specs. */
  publicKey?: Buffer;
}

export const newMaterialId = (): string => randomBytes(32).toString('hex');

/** Imported material is named by what it is, so re-importing the same bytes is recognised. */
export function importedMaterialId(keyId: string, secret: Buffer): string {
  return createHash('sha256').update('coffer/kms/imported-material\0').update(keyId).update('\0').update(secret).digest('hex');
}

/** Fresh material for a spec. Asymmetric generation runs off the event loop (RSA 4096 takes a while). */
export async function generateMaterial(spec: KeySpec): Promise<GeneratedMaterial> {
  const info = specInfo(spec);
  switch (info.family) {
    case 'symmetric':
      return { secret: randomBytes(32) };
    case 'hmac':
      return { secret: randomBytes((info.bits ?? 256) / 8) };
    case 'rsa': {
      const pair = await generateKeyPairAsync('rsa', { modulusLength: info.bits ?? 2048, publicExponent: 0x10001 });
      return asymmetric(pair.privateKey);
    }
    case 'ecc': {
      const pair = await generateKeyPairAsync('ec', { namedCurve: info.curve ?? 'prime256v1' });
      return asymmetric(pair.privateKey);
    }
    case 'ed25519': {
      const pair = await generateKeyPairAsync('ed25519');
      return asymmetric(pair.privateKey);
    }
    default:
      throw new Error(`no material for ${spec}`);
  }
}

function asymmetric(privateKey: KeyObject): GeneratedMaterial {
  return {
    secret: privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicKey: createPublicKey(privateKey).export({ format: 'der', type: 'spki' }),
  };
}

/** Data key pairs (GenerateDataKeyPair) use the same generators; SM2 is refused before this. */
export const generateKeyPairMaterial = (spec: KeySpec): Promise<GeneratedMaterial> => generateMaterial(spec);

/**
 * Parsed key objects by material id. Material ids are unique (random, or a hash of the
 * material for imports), so an entry can never go stale; the map is only bounded.
 */
const CACHE_LIMIT = 1000;
const privateKeys = new Map<string, KeyObject>();
const publicKeys = new Map<string, KeyObject>();

function cached(map: Map<string, KeyObject>, id: string, make: () => KeyObject): KeyObject {
  const hit = map.get(id);
  if (hit) return hit;
  const made = make();
  if (map.size >= CACHE_LIMIT) map.delete(map.keys().next().value as string);
  map.set(id, made);
  return made;
}

export const privateKeyOf = (materialId: string, pkcs8Base64: string): KeyObject =>
  cached(privateKeys, materialId, () => createPrivateKey({ key: Buffer.from(pkcs8Base64, 'base64'), format: 'der', type: 'pkcs8' }));

export const publicKeyOf = (materialId: string, spkiBase64: string): KeyObject =>
  cached(publicKeys, materialId, () => createPublicKey({ key: Buffer.from(spkiBase64, 'base64'), format: 'der', type: 'spki' }));

/** Does a DER private key fit the spec (type, curve, size)? Used for imported material. */
export function privateKeyMatchesSpec(key: KeyObject, spec: KeySpec): boolean {
  const info = specInfo(spec);
  const details = key.asymmetricKeyDetails ?? {};
  switch (info.family) {
    case 'rsa':
      return key.asymmetricKeyType === 'rsa' && details.modulusLength === info.bits;
    case 'ecc':
      return key.asymmetricKeyType === 'ec' && details.namedCurve === info.curve;
    case 'ed25519':
      return key.asymmetricKeyType === 'ed25519';
    default:
      return false;
  }
}
