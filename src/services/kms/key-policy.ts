import { evaluate, tryParsePolicy } from '../../iam/index.js';
import type { Principal } from '../../protocol/operation.js';
import { AwsError } from '../../protocol/errors.js';
import { PARTITION } from './key.js';

/** AWS's default key policy, byte for byte as GetKeyPolicy returns it. */
export function defaultKeyPolicy(account: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "key-default-1",
  "Statement" : [ {
    "Sid" : "Enable IAM User Permissions",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:${PARTITION}:iam::${account}:root"
    },
    "Action" : "kms:*",
    "Resource" : "*"
  } ]
}`;
}

/** The policy AWS gives an AWS managed key (alias/aws/<service>). */
export function awsManagedKeyPolicy(account: string, region: string, service: string): string {
  return `{
  "Version" : "2012-10-17",
  "Id" : "auto-${service}-1",
  "Statement" : [ {
    "Sid" : "Allow access through AWS ${serviceTitle(service)} for all principals in the account that are authorized to use AWS ${serviceTitle(service)}",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "*"
    },
    "Action" : [ "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey" ],
    "Resource" : "*",
    "Condition" : {
      "StringEquals" : {
        "kms:ViaService" : "${service}.${region}.amazonaws.com",
        "kms:CallerAccount" : "${account}"
      }
    }
  }, {
    "Sid" : "Allow direct access to key metadata to the account",
    "Effect" : "Allow",
    "Principal" : {
      "AWS" : "arn:${PARTITION}:iam::${account}:root"
    },
    "Action" : [ "kms:Describe*", "kms:Get*", "kms:List*", "kms:RevokeGrant" ],
    "Resource" : "*"
  } ]
}`;
}

const TITLES: Readonly<Record<string, string>> = { secretsmanager: 'Secrets Manager', s3: 'S3', ssm: 'Systems Manager', lambda: 'Lambda' };
const serviceTitle = (service: string): string => TITLES[service] ?? service;

const malformed = (message: string): AwsError => new AwsError('MalformedPolicyDocumentException', message);

export const LOCKOUT_MESSAGE = 'The new key policy will not allow you to update the key policy in the future.';

/**
 * Refuse a key policy that does not parse as a resource policy, and (unless the caller
 * bypasses the check) one that would lock the caller out of PutKeyPolicy.
 */
export function checkKeyPolicy(
  text: string,
  opts: { keyArn: string; account: string; principal: Principal; bypassLockoutCheck: boolean; now: number },
): void {
  const parsed = tryParsePolicy(text, 'resource');
  if (!parsed.ok) throw malformed(parsed.message);
  if (opts.bypassLockoutCheck) return;
  const request = (principal: { arn: string; account: string; type: Principal['type'] }) => ({
    action: 'kms:PutKeyPolicy',
    resource: opts.keyArn,
    principal,
    context: { 'kms:CallerAccount': opts.principal.account },
    now: opts.now,
  });
  const set = { resource: parsed.policy, resourceAccount: opts.account, kmsKeyPolicy: true };
  const p = opts.principal;
  const caller = { arn: p.arn, account: p.account, type: p.type, userId: p.userId, name: p.name, sessionName: p.sessionName };
  if (evaluate(request(caller), set).allowed) return;
  // The caller's IAM policies are not visible here; a policy that delegates to the account lets them count.
  const accountRoot = { arn: `arn:${PARTITION}:iam::${opts.account}:root`, account: opts.account, type: 'root' as const };
  if (p.account === opts.account && evaluate(request(accountRoot), set).allowed) return;
  throw malformed(LOCKOUT_MESSAGE);
}
