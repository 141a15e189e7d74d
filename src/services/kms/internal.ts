import type { RequestContext } from '../../protocol/operation.js';

/**
 * What other coffer services (Secrets Manager) ask of KMS in-process. Each call is
 * checked exactly as the matching KMS API call would be (key state, usage, and the
 * key policy, grants and the caller's IAM policies, with kms:ViaService) and fails
 * with KMS's own AwsError.
 */
export interface KmsCaller {
  /** The account a key id or alias without an ARN names (the caller's, as in AWS). */
  account: string;
  region: string;
  /** The principal on whose behalf the service acts (its ARN). */
  principalArn: string;
  /** e.g. secretsmanager.us-east-1.amazonaws.com */
  viaService?: string;
  now: number;
  /**
   * The request the service is serving: generateDataKey and decrypt are authorized as its
   * principal (kms:CallerAccount is the principal's account). Absent for coffer's own
   * background work, which no caller asked for.
   */
  request?: RequestContext;
}

export interface KmsInternal {
  /** Resolve a KeyId (id, ARN, alias name, alias ARN) to the key ARN; NotFoundException if unknown. */
  resolveKeyArn(caller: KmsCaller, keyId: string): Promise<string>;
  /** The AWS managed key for a service (alias/aws/<service>), created on first use. Returns its ARN. */
  awsManagedKeyArn(caller: KmsCaller, service: string): Promise<string>;
  generateDataKey(
    caller: KmsCaller,
    keyId: string,
    encryptionContext: Record<string, string>,
  ): Promise<{ keyArn: string; plaintext: Buffer; ciphertextBlob: Buffer }>;
  decrypt(
    caller: KmsCaller,
    ciphertextBlob: Buffer,
    encryptionContext: Record<string, string>,
  ): Promise<{ keyArn: string; plaintext: Buffer }>;
}
