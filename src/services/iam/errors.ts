import { AwsError } from '../../protocol/errors.js';
import type { EntityKind } from './records.js';

const CAPITAL: Record<EntityKind, string> = { user: 'User', role: 'Role', group: 'Group' };

// IAM's texts, as real IAM returns them (recorded responses).
export const noSuchEntity = (kind: EntityKind, name: string): AwsError =>
  new AwsError('NoSuchEntity', `The ${kind} with name ${name} cannot be found.`, 404);

export const alreadyExists = (kind: EntityKind, name: string): AwsError =>
  new AwsError('EntityAlreadyExists', `${CAPITAL[kind]} with name ${name} already exists.`, 409);

export const noSuchInlinePolicy = (kind: EntityKind, policyName: string): AwsError =>
  new AwsError('NoSuchEntity', `The ${kind} policy with name ${policyName} cannot be found.`, 404);

export const policyNotFound = (arn: string): AwsError => new AwsError('NoSuchEntity', `Policy ${arn} was not found.`, 404);

export const policyNotAttachable = (arn: string): AwsError =>
  new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`, 404);

export const boundaryNotAttachable = (arn: string): AwsError =>
  new AwsError('NoSuchEntity', `Scope ARN: ${arn} does not exist or is not attachable.`, 404);

export const policyVersionNotFound = (arn: string, version: string): AwsError =>
  new AwsError('NoSuchEntity', `Policy ${arn} version ${version} does not exist or is not attachable.`, 404);

export const policyExists = (name: string): AwsError =>
  new AwsError('EntityAlreadyExists', `A policy called ${name} already exists. Duplicate names are not allowed.`, 409);

export const accessKeyNotFound = (id: string): AwsError => new AwsError('NoSuchEntity', `The Access Key with id ${id} cannot be found.`, 404);

export const deleteConflict = (message: string): AwsError => new AwsError('DeleteConflict', message, 409);

export const limitExceeded = (message: string): AwsError => new AwsError('LimitExceeded', message, 409);

export const invalidInput = (message: string): AwsError => new AwsError('InvalidInput', message, 400);

/** The query services call their validation errors ValidationError. */
export const validationError = (message: string): AwsError => new AwsError('ValidationError', message, 400);

export const invalidArn = (arn: string): AwsError => validationError(`ARN ${arn} is not valid.`);

export const nonUserCredentials = (): AwsError => validationError('Must specify userName when calling with non-User credentials');
