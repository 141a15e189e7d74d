import type { Principal } from '../protocol/operation.js';

/** An access key as the authenticator needs it. The secret never leaves the process. */
export interface AccessKeyRecord {
  accessKeyId: string;
  secretAccessKey: string;
  status: 'Active' | 'Inactive';
  principal: Omit<Principal, 'accessKeyId'>;
  /** Temporary credentials (ASIA…) carry a session token and an expiry. */
  sessionToken?: string;
  expiresAt?: number;
  /** When the key was made (IAM user keys: CreateDate). */
  createdAt?: number;
  /** Session policies of temporary credentials (AssumeRole Policy and PolicyArns), as JSON documents. */
  sessionPolicies?: string[];
  /** 'assumed-role' or 'session-token' for temporary credentials. */
  sessionKind?: 'assumed-role' | 'session-token';
}

export interface IdentityStore {
  /** Undefined when no such key exists. Cached; invalidated through the bus. */
  lookupAccessKey(accessKeyId: string): Promise<AccessKeyRecord | undefined>;
  /** The default account chosen at first start. */
  defaultAccount(): Promise<string>;
}
