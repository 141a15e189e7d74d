import { buildKey } from './key-factory.js';
import { awsManagedKeyPolicy } from './key-policy.js';
import type { KmsRepo } from './repo.js';

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  secretsmanager: 'Default key that protects my Secrets Manager data when no other key is defined',
  s3: 'Default key that protects my S3 objects when no other key is defined',
  ebs: 'Default key that protects my EBS volumes when no other key is defined',
  lambda: 'Default key that protects my Lambda functions when no other key is defined',
  ssm: 'Default key that protects my SSM parameters when no other key is defined',
};

/**
 * The AWS managed key behind alias/aws/<service>, created on first use per account and region
 * with AWS's policy for it. Concurrent first uses agree on one key: the alias is claimed inside
 * the transaction, and a loser adopts the winner's key.
 */
export async function ensureAwsManagedKey(repo: KmsRepo, account: string, region: string, service: string, now: number): Promise<string> {
  const aliasName = `alias/aws/${service}`;
  const existing = await repo.getAlias(account, region, aliasName);
  if (existing) return existing.targetKeyId;
  const key = await buildKey({
    account,
    region,
    keySpec: 'SYMMETRIC_DEFAULT',
    keyUsage: 'ENCRYPT_DECRYPT',
    origin: 'AWS_KMS',
    keyManager: 'AWS',
    description: DESCRIPTIONS[service] ?? `Default key that protects my ${service} data when no other key is defined`,
    policy: awsManagedKeyPolicy(account, region, service),
    tags: [],
    multiRegion: false,
    now,
  });
  // AWS rotates its managed keys every year.
  key.rotation = { enabled: true, periodDays: 365, nextAt: now + 365 * 86_400_000 };
  return repo.transact(async (w) => {
    const raced = await w.getAlias(account, region, aliasName);
    if (raced) return raced.targetKeyId;
    await w.putKey(key);
    await w.putAlias(account, region, { aliasName, targetKeyId: key.keyId, createdAt: now, updatedAt: now });
    return key.keyId;
  });
}
