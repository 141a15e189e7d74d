import { randomBytes } from 'node:crypto';
import type { Call } from '../aws-call.js';
import type { Fixtures } from './fixtures.js';

export interface Goal {
  /** What the ratio is taken against. */
  against: 'stub' | 'moto';
  atLeast: number;
}

/** A case driven by replaying one signed request: the same call for every request. */
export interface ThroughputCase {
  id: string;
  title: string;
  /** Creates what the call needs on that server and returns the call to measure. */
  prepare(f: Fixtures): Promise<Call>;
  goals: Goal[];
}

export const THROUGHPUT_CASES: ThroughputCase[] = [
  {
    id: 'sts-get-caller-identity',
    title: 'STS GetCallerIdentity (smoke)',
    prepare: async () => ({ service: 'sts', action: 'GetCallerIdentity' }),
    goals: [],
  },
  {
    id: 'sm-get-secret-value',
    title: 'GetSecretValue (4 KiB value)',
    prepare: async (f) => ({ service: 'secretsmanager', action: 'GetSecretValue', input: { SecretId: await f.secret4k() } }),
    goals: [
      { against: 'stub', atLeast: 0.6 },
      { against: 'moto', atLeast: 40 },
    ],
  },
  {
    id: 'sm-describe-secret',
    title: 'DescribeSecret',
    prepare: async (f) => ({ service: 'secretsmanager', action: 'DescribeSecret', input: { SecretId: await f.secret4k() } }),
    goals: [],
  },
  {
    id: 'kms-encrypt',
    title: 'KMS Encrypt (1 KiB)',
    prepare: async (f) => ({
      service: 'kms',
      action: 'Encrypt',
      input: { KeyId: await f.symmetricKey(), Plaintext: randomBytes(1024).toString('base64') },
    }),
    goals: [{ against: 'stub', atLeast: 0.6 }],
  },
  {
    id: 'kms-decrypt',
    title: 'KMS Decrypt (1 KiB)',
    prepare: async (f) => ({ service: 'kms', action: 'Decrypt', input: { CiphertextBlob: await f.ciphertext1k() } }),
    goals: [],
  },
  {
    id: 'kms-generate-data-key',
    title: 'KMS GenerateDataKey (AES_256)',
    prepare: async (f) => ({ service: 'kms', action: 'GenerateDataKey', input: { KeyId: await f.symmetricKey(), KeySpec: 'AES_256' } }),
    goals: [],
  },
  {
    id: 'kms-sign-p256',
    title: 'KMS Sign (ECC_NIST_P256, ECDSA_SHA_256)',
    prepare: async (f) => ({
      service: 'kms',
      action: 'Sign',
      input: {
        KeyId: await f.eccSigningKey(),
        Message: randomBytes(256).toString('base64'),
        MessageType: 'RAW',
        SigningAlgorithm: 'ECDSA_SHA_256',
      },
    }),
    goals: [],
  },
];
