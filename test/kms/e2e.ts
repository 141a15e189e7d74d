import { KMSClient } from '@aws-sdk/client-kms';
import type { TestServer } from '../helpers/server.js';

/** Dev mode lets a 12-digit access key id pick the account, so ARNs are predictable. */
export const DEV_ACCOUNT = '111122223333';

export function devClient(server: TestServer, region = server.region): KMSClient {
  return new KMSClient({
    endpoint: server.endpoint,
    region,
    credentials: { accessKeyId: DEV_ACCOUNT, secretAccessKey: 'dev-mode-does-not-check-this-secret' },
    maxAttempts: 1,
  });
}

export function adminClient(server: TestServer, region = server.region): KMSClient {
  return new KMSClient({ endpoint: server.endpoint, region, credentials: server.credentials, maxAttempts: 1 });
}

export interface SdkError {
  name: string;
  message: string;
  $metadata?: { httpStatusCode?: number };
}

export const failure = (p: Promise<unknown>): Promise<SdkError> =>
  p.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: SdkError) => e,
  );

export const arnOf = (region: string, keyId: string, account = DEV_ACCOUNT): string => `arn:aws:kms:${region}:${account}:key/${keyId}`;
