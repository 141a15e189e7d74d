import { describe, expect, it } from 'vitest';
import { algorithmsFor, assertSupportedSpec, resolveUsage, rsaPlaintextLimit, SPECS } from '../../src/services/kms/key-specs.js';

describe('key specs', () => {
  it('defaults symmetric keys to ENCRYPT_DECRYPT and asks for a usage otherwise', () => {
    expect(resolveUsage('SYMMETRIC_DEFAULT', undefined)).toBe('ENCRYPT_DECRYPT');
    for (const spec of ['RSA_2048', 'ECC_NIST_P256', 'HMAC_256', 'ECC_NIST_EDWARDS25519'] as const) {
      expect(() => resolveUsage(spec, undefined)).toThrow('You must specify a KeyUsage value for all KMS keys except for symmetric encryption keys.');
    }
  });

  it('allows the usages AWS allows for each spec', () => {
    expect(SPECS.SYMMETRIC_DEFAULT.usages).toEqual(['ENCRYPT_DECRYPT']);
    expect(SPECS.RSA_3072.usages).toEqual(['ENCRYPT_DECRYPT', 'SIGN_VERIFY']);
    expect(SPECS.ECC_NIST_P384.usages).toEqual(['SIGN_VERIFY', 'KEY_AGREEMENT']);
    expect(SPECS.ECC_SECG_P256K1.usages).toEqual(['SIGN_VERIFY']);
    expect(SPECS.ECC_NIST_EDWARDS25519.usages).toEqual(['SIGN_VERIFY']);
    expect(SPECS.HMAC_384.usages).toEqual(['GENERATE_VERIFY_MAC']);
    expect(() => resolveUsage('SYMMETRIC_DEFAULT', 'SIGN_VERIFY')).toThrow(
      'The operation failed because the KeyUsage value of the CMK is SIGN_VERIFY. To perform this operation, the KeyUsage value must be ENCRYPT_DECRYPT.',
    );
    expect(() => resolveUsage('ECC_NIST_P256', 'ENCRYPT_DECRYPT')).toThrow(/must be SIGN_VERIFY or KEY_AGREEMENT\.$/);
    expect(() => resolveUsage('ECC_SECG_P256K1', 'KEY_AGREEMENT')).toThrow(ValidationLike);
  });

  it('lists the algorithms DescribeKey shows', () => {
    expect(algorithmsFor('RSA_2048', 'ENCRYPT_DECRYPT')).toEqual({ EncryptionAlgorithms: ['RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256'] });
    expect(algorithmsFor('RSA_2048', 'SIGN_VERIFY').SigningAlgorithms).toHaveLength(6);
    expect(algorithmsFor('ECC_NIST_P521', 'SIGN_VERIFY')).toEqual({ SigningAlgorithms: ['ECDSA_SHA_512'] });
    expect(algorithmsFor('ECC_NIST_P256', 'KEY_AGREEMENT')).toEqual({ KeyAgreementAlgorithms: ['ECDH'] });
    expect(algorithmsFor('HMAC_224', 'GENERATE_VERIFY_MAC')).toEqual({ MacAlgorithms: ['HMAC_SHA_224'] });
    expect(algorithmsFor('ECC_NIST_EDWARDS25519', 'SIGN_VERIFY')).toEqual({ SigningAlgorithms: ['ED25519_SHA_512', 'ED25519_PH_SHA_512'] });
  });

  it('has AWS\'s RSA plaintext limits', () => {
    const limits = (['RSA_2048', 'RSA_3072', 'RSA_4096'] as const).map((s) => [
      rsaPlaintextLimit(SPECS[s].bits!, 'RSAES_OAEP_SHA_1'),
      rsaPlaintextLimit(SPECS[s].bits!, 'RSAES_OAEP_SHA_256'),
    ]);
    expect(limits).toEqual([
      [214, 190],
      [342, 318],
      [470, 446],
    ]);
  });

  it('refuses SM2 as AWS does outside China, and ML-DSA with the reason', () => {
    expect(() => assertSupportedSpec('SM2')).toThrow('KeySpec SM2 is not supported in this Region');
    expect(() => assertSupportedSpec('ML_DSA_65')).toThrow(/ML_DSA_65 is not supported: Node.js 20 has no ML-DSA/);
    expect(() => assertSupportedSpec('SM2', 'KeyPairSpec')).toThrow('KeyPairSpec SM2 is not supported in this Region');
    for (const spec of ['SYMMETRIC_DEFAULT', 'RSA_4096', 'ECC_SECG_P256K1', 'ECC_NIST_EDWARDS25519', 'HMAC_512'] as const) {
      expect(() => assertSupportedSpec(spec)).not.toThrow();
    }
  });
});

const ValidationLike = /KeyUsage value must be SIGN_VERIFY\.$/;
