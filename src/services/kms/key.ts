import type {
  CustomerMasterKeySpec,
  ExpirationModelType,
  KeyManagerType,
  KeySpec,
  KeyState,
  KeyUsageType,
  OriginType,
  RotationType,
  Tag,
} from '../../generated/kms-types.js';

export type { CustomerMasterKeySpec, KeySpec, KeyState, KeyUsageType, OriginType, Tag };

export const PARTITION = 'aws';

/** One generation of a key's material. Old generations stay so old ciphertexts still decrypt. */
export interface KeyMaterial {
  /** 64 hex characters (AWS's KeyMaterialId). */
  id: string;
  /** base64: AES or HMAC key bytes, or a PKCS#8 DER private key. Absent once imported material is deleted. */
  secret?: string;
  /** base64 DER SubjectPublicKeyInfo, for asymmetric material. */
  publicKey?: string;
  createdAt: number;
  /** How this generation became current; absent for the first. */
  rotationType?: RotationType;
  rotatedAt?: number;
  /** Imported material only. */
  imported?: {
    expirationModel: ExpirationModelType;
    validTo?: number;
    description?: string;
    /** Imported as the next generation, waiting for RotateKeyOnDemand. */
    pendingRotation?: boolean;
  };
}

export interface MultiRegionState {
  primaryRegion: string;
  replicaRegions: string[];
}

export interface RotationState {
  enabled: boolean;
  enabledAt?: number;
  periodDays?: number;
  nextAt?: number;
  onDemandStartedAt?: number;
}

/** A KMS key as stored (sealed by the barrier) at kms/<account>/<region>/keys/<id>. */
export interface KeyRecord {
  v: 1;
  keyId: string;
  account: string;
  region: string;
  createdAt: number;
  description: string;
  keySpec: KeySpec;
  keyUsage: KeyUsageType;
  origin: OriginType;
  keyManager: KeyManagerType;
  /** The owner's switch (EnableKey / DisableKey); the key state is derived, see key-state.ts. */
  disabled: boolean;
  deletion?: { date: number; windowDays: number; waitingForReplicas?: boolean };
  policy: string;
  tags: Tag[];
  multiRegion?: MultiRegionState;
  rotation: RotationState;
  materials: KeyMaterial[];
  currentMaterialId?: string;
  /** Replica being created: answers Creating until then. */
  creatingUntil?: number;
}

export const keyArn = (region: string, account: string, keyId: string): string =>
  `arn:${PARTITION}:kms:${region}:${account}:key/${keyId}`;

export const aliasArn = (region: string, account: string, aliasName: string): string =>
  `arn:${PARTITION}:kms:${region}:${account}:${aliasName}`;

export const arnOf = (k: Pick<KeyRecord, 'region' | 'account' | 'keyId'>): string => keyArn(k.region, k.account, k.keyId);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MRK = /^mrk-[0-9a-f]{32}$/;

export const isKeyId = (s: string): boolean => UUID.test(s) || MRK.test(s);
export const isMultiRegionId = (s: string): boolean => MRK.test(s);

export type KeyReference =
  | { kind: 'key'; keyId: string; account?: string; region?: string; arn?: string }
  | { kind: 'alias'; aliasName: string; account?: string; region?: string; arn?: string };

/** Classify a KeyId input: key id, key ARN, alias name or alias ARN. */
export function parseKeyReference(input: string): KeyReference | undefined {
  if (input.startsWith('arn:')) {
    const m = /^arn:[^:]+:kms:([^:]*):([^:]*):(key|alias)\/(.+)$/.exec(input);
    if (!m) return undefined;
    const [, region, account, type, rest] = m as unknown as [string, string, string, string, string];
    if (type === 'key') return { kind: 'key', keyId: rest, account, region, arn: input };
    return { kind: 'alias', aliasName: `alias/${rest}`, account, region, arn: input };
  }
  if (input.startsWith('alias/')) return { kind: 'alias', aliasName: input };
  return { kind: 'key', keyId: input };
}

export function currentMaterial(k: KeyRecord): KeyMaterial | undefined {
  return k.materials.find((m) => m.id === k.currentMaterialId);
}

export function materialById(k: KeyRecord, id: string): KeyMaterial | undefined {
  return k.materials.find((m) => m.id === id);
}
