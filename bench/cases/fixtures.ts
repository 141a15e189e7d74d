import { randomBytes, randomUUID } from 'node:crypto';
import { callOk, type Endpoint } from '../aws-call.js';

/**
 * Resources the cases need on one server, created once and shared by the cases that
 * use them. The values are random bench data, not secrets anyone uses.
 */
export class Fixtures {
  private readonly memo = new Map<string, Promise<string>>();

  constructor(
    private readonly ep: Endpoint,
    private readonly runId: string,
  ) {}

  private once(key: string, make: () => Promise<string>): Promise<string> {
    let p = this.memo.get(key);
    if (!p) {
      p = make();
      this.memo.set(key, p);
    }
    return p;
  }

  /** A secret whose SecretString is 4 KiB. Returns its name. */
  secret4k(): Promise<string> {
    return this.once('secret4k', async () => {
      const name = `bench/get-${this.runId}`;
      const value = randomBytes(3072).toString('base64'); // 4096 characters
      await callOk(this.ep, { service: 'secretsmanager', action: 'CreateSecret', input: { Name: name, ClientRequestToken: randomUUID(), SecretString: value } });
      return name;
    });
  }

  symmetricKey(): Promise<string> {
    return this.once('symmetric', async () => {
      const out = await callOk<{ KeyMetadata: { KeyId: string } }>(this.ep, {
        service: 'kms',
        action: 'CreateKey',
        input: { Description: `bench ${this.runId}` },
      });
      return out.KeyMetadata.KeyId;
    });
  }

  eccSigningKey(): Promise<string> {
    return this.once('ecc', async () => {
      const out = await callOk<{ KeyMetadata: { KeyId: string } }>(this.ep, {
        service: 'kms',
        action: 'CreateKey',
        input: { Description: `bench sign ${this.runId}`, KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' },
      });
      return out.KeyMetadata.KeyId;
    });
  }

  /** A 1 KiB plaintext encrypted under symmetricKey(); returns the base64 blob. */
  ciphertext1k(): Promise<string> {
    return this.once('ciphertext', async () => {
      const KeyId = await this.symmetricKey();
      const out = await callOk<{ CiphertextBlob: string }>(this.ep, {
        service: 'kms',
        action: 'Encrypt',
        input: { KeyId, Plaintext: randomBytes(1024).toString('base64') },
      });
      return out.CiphertextBlob;
    });
  }
}
