import { AwsError } from '../../protocol/errors.js';

export const ALIAS_PREFIX = 'alias/';
export const RESERVED_PREFIX = 'alias/aws/';

const PREFIX_MESSAGE = 'Alias must start with the prefix "alias/". Please see https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html';

/** Services whose AWS managed key (alias/aws/<service>) is created on first use. */
export const AWS_MANAGED_SERVICES: ReadonlySet<string> = new Set([
  'acm',
  'backup',
  'codecommit',
  'dynamodb',
  'ebs',
  'elasticfilesystem',
  'es',
  'glue',
  'kinesis',
  'kinesisvideo',
  'lambda',
  'lightsail',
  'rds',
  'redshift',
  's3',
  'secretsmanager',
  'sns',
  'sqs',
  'ssm',
  'xray',
]);

export function checkAliasName(name: string): void {
  if (!name.startsWith(ALIAS_PREFIX) || name.length === ALIAS_PREFIX.length) throw new AwsError('ValidationException', PREFIX_MESSAGE);
}

/** Customers cannot create, point or delete aliases in AWS's namespace. */
export function checkNotReserved(name: string): void {
  if (name.startsWith(RESERVED_PREFIX) || name === 'alias/aws') throw new AwsError('NotAuthorizedException', '');
}

export function awsManagedService(aliasName: string): string | undefined {
  if (!aliasName.startsWith(RESERVED_PREFIX)) return undefined;
  const service = aliasName.slice(RESERVED_PREFIX.length);
  return AWS_MANAGED_SERVICES.has(service) ? service : undefined;
}
