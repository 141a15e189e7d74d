import type { ServiceName } from './operation.js';

/** X-Amz-Target prefixes of the JSON services, and each service's SigV4 signing name. */
const TARGET_PREFIXES: ReadonlyArray<readonly [string, ServiceName]> = [
  ['secretsmanager.', 'secretsmanager'],
  ['TrentService.', 'kms'],
];

export function parseTarget(target: string): { service: ServiceName; operation: string } | undefined {
  for (const [prefix, service] of TARGET_PREFIXES) {
    if (target.startsWith(prefix)) return { service, operation: target.slice(prefix.length) };
  }
  return undefined;
}

/** Error bodies: KMS and STS-style services use `message`, Secrets Manager `Message`. */
export const MESSAGE_MEMBER: Record<ServiceName, 'message' | 'Message'> = {
  secretsmanager: 'Message',
  kms: 'message',
  sts: 'Message',
  iam: 'Message',
};

/** The code each service gives its own faults (HTTP 500). */
export const INTERNAL_ERROR_CODE: Record<ServiceName, string> = {
  secretsmanager: 'InternalServiceError',
  kms: 'KMSInternalException',
  sts: 'InternalFailure',
  iam: 'ServiceFailure',
};
