import type {
  EncryptionAlgorithmSpec,
  KeyAgreementAlgorithmSpec,
  KeySpec,
  KeyUsageType,
  MacAlgorithmSpec,
  SigningAlgorithmSpec,
} from '../../generated/kms-types.js';
import { AwsError } from '../../protocol/errors.js';

export type Family = 'symmetric' | 'rsa' | 'ecc' | 'ed25519' | 'hmac' | 'sm2' | 'ml-dsa';

export interface Algorithms {
  EncryptionAlgorithms?: EncryptionAlgorithmSpec[];
  SigningAlgorithms?: SigningAlgorithmSpec[];
  MacAlgorithms?: MacAlgorithmSpec[];
  KeyAgreementAlgorithms?: KeyAgreementAlgorithmSpec[];
}

export interface SpecInfo {
  family: Family;
  /** Usages AWS allows for the spec, the first being the default where one exists. */
  usages: readonly KeyUsageType[];
  algorithms: Partial<Record<KeyUsageType, Algorithms>>;
  /** OpenSSL curve name, RSA modulus bits or HMAC hash. */
  curve?: string;
  bits?: number;
  hash?: string;
  /** Why this server cannot offer the spec (UnsupportedOperationException). */
  unsupported?: string;
}

const RSA_SIGNING: SigningAlgorithmSpec[] = [
  'RSASSA_PKCS1_V1_5_SHA_256',
  'RSASSA_PKCS1_V1_5_SHA_384',
  'RSASSA_PKCS1_V1_5_SHA_512',
  'RSASSA_PSS_SHA_256',
  'RSASSA_PSS_SHA_384',
  'RSASSA_PSS_SHA_512',
];
const RSA_ENCRYPTION: EncryptionAlgorithmSpec[] = ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'];

const rsa = (bits: number): SpecInfo => ({
  family: 'rsa',
  usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY'],
  algorithms: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: RSA_ENCRYPTION }, SIGN_VERIFY: { SigningAlgorithms: RSA_SIGNING } },
  bits,
});

const nist = (curve: string, alg: SigningAlgorithmSpec): SpecInfo => ({
  family: 'ecc',
  usages: ['SIGN_VERIFY', 'KEY_AGREEMENT'],
  algorithms: { SIGN_VERIFY: { SigningAlgorithms: [alg] }, KEY_AGREEMENT: { KeyAgreementAlgorithms: ['ECDH'] } },
  curve,
});

const hmac = (hash: string, alg: MacAlgorithmSpec, bits: number): SpecInfo => ({
  family: 'hmac',
  usages: ['GENERATE_VERIFY_MAC'],
  algorithms: { GENERATE_VERIFY_MAC: { MacAlgorithms: [alg] } },
  hash,
  bits,
});

const NO_ML_DSA = 'Node.js 20 has no ML-DSA in node:crypto, so this server cannot create ML-DSA keys.';

const mlDsa = (): SpecInfo => ({
  family: 'ml-dsa',
  usages: ['SIGN_VERIFY'],
  algorithms: { SIGN_VERIFY: { SigningAlgorithms: ['ML_DSA_SHAKE_256'] } },
  unsupported: NO_ML_DSA,
});

/** Spec -> usages and algorithms, as in AWS's key spec reference. */
export const SPECS: Readonly<Record<KeySpec, SpecInfo>> = {
  SYMMETRIC_DEFAULT: {
    family: 'symmetric',
    usages: ['ENCRYPT_DECRYPT'],
    algorithms: { ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] } },
    bits: 256,
  },
  RSA_2048: rsa(2048),
  RSA_3072: rsa(3072),
  RSA_4096: rsa(4096),
  ECC_NIST_P256: nist('prime256v1', 'ECDSA_SHA_256'),
  ECC_NIST_P384: nist('secp384r1', 'ECDSA_SHA_384'),
  ECC_NIST_P521: nist('secp521r1', 'ECDSA_SHA_512'),
  ECC_SECG_P256K1: {
    family: 'ecc',
    usages: ['SIGN_VERIFY'],
    algorithms: { SIGN_VERIFY: { SigningAlgorithms: ['ECDSA_SHA_256'] } },
    curve: 'secp256k1',
  },
  ECC_NIST_EDWARDS25519: {
    family: 'ed25519',
    usages: ['SIGN_VERIFY'],
    algorithms: { SIGN_VERIFY: { SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] } },
  },
  HMAC_224: hmac('sha224', 'HMAC_SHA_224', 224),
  HMAC_256: hmac('sha256', 'HMAC_SHA_256', 256),
  HMAC_384: hmac('sha384', 'HMAC_SHA_384', 384),
  HMAC_512: hmac('sha512', 'HMAC_SHA_512', 512),
  SM2: {
    family: 'sm2',
    usages: ['ENCRYPT_DECRYPT', 'SIGN_VERIFY', 'KEY_AGREEMENT'],
    algorithms: {
      ENCRYPT_DECRYPT: { EncryptionAlgorithms: ['SM2PKE'] },
      SIGN_VERIFY: { SigningAlgorithms: ['SM2DSA'] },
      KEY_AGREEMENT: { KeyAgreementAlgorithms: ['ECDH'] },
    },
    // SM2 keys exist only in the AWS China Regions; elsewhere AWS answers exactly this.
    unsupported: 'KeySpec SM2 is not supported in this Region',
  },
  ML_DSA_44: mlDsa(),
  ML_DSA_65: mlDsa(),
  ML_DSA_87: mlDsa(),
};

/** Specs the deprecated CustomerMasterKeySpec field (and its echo in KeyMetadata) knows. */
export const CUSTOMER_MASTER_KEY_SPECS: ReadonlySet<string> = new Set([
  'RSA_2048',
  'RSA_3072',
  'RSA_4096',
  'ECC_NIST_P256',
  'ECC_NIST_P384',
  'ECC_NIST_P521',
  'ECC_SECG_P256K1',
  'SYMMETRIC_DEFAULT',
  'HMAC_224',
  'HMAC_256',
  'HMAC_384',
  'HMAC_512',
  'SM2',
]);

export const specInfo = (spec: KeySpec): SpecInfo => SPECS[spec];

export function algorithmsFor(spec: KeySpec, usage: KeyUsageType): Algorithms {
  return SPECS[spec].algorithms[usage] ?? {};
}

export const isAsymmetric = (spec: KeySpec): boolean => {
  const f = SPECS[spec].family;
  return f !== 'symmetric' && f !== 'hmac';
};

/** Refuse a spec this server cannot back with real cryptography. */
export function assertSupportedSpec(spec: KeySpec, label = 'KeySpec'): void {
  const reason = SPECS[spec].unsupported;
  if (reason === undefined) return;
  if (spec === 'SM2') throw new AwsError('UnsupportedOperationException', `${label} SM2 is not supported in this Region`);
  throw new AwsError('UnsupportedOperationException', `${label} ${spec} is not supported: ${reason}`);
}

/** CreateKey's KeyUsage/KeySpec rule, with AWS's messages. */
export function resolveUsage(spec: KeySpec, usage: KeyUsageType | undefined): KeyUsageType {
  const info = SPECS[spec];
  if (usage === undefined) {
    if (spec === 'SYMMETRIC_DEFAULT') return 'ENCRYPT_DECRYPT';
    throw new AwsError('ValidationException', 'You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
  }
  if (!info.usages.includes(usage)) {
    const allowed = info.usages.join(' or ');
    throw new AwsError(
      'ValidationException',
      `The operation failed because the KeyUsage value of the CMK is ${usage}. To perform this operation, the KeyUsage value must be ${allowed}.`,
    );
  }
  return usage;
}

/** Largest plaintext RSAES-OAEP takes: k - 2*hLen - 2 (AWS's published limits). */
export function rsaPlaintextLimit(bits: number, alg: 'RSAES_OAEP_SHA_1' | 'RSAES_OAEP_SHA_256'): number {
  const hLen = alg === 'RSAES_OAEP_SHA_1' ? 20 : 32;
  return bits / 8 - 2 * hLen - 2;
}
