import { AwsError } from '../../protocol/errors.js';

/**
 * Secrets Manager's errors with AWS's exact messages (400 for all of them, including
 * ResourceNotFound). One function per message so operations never spell them twice.
 */
export const notFound = (): AwsError =>
  new AwsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");

export const valueNotFoundForStage = (stage: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for staging label: ${stage}`);

export const valueNotFoundForVersion = (versionId: string): AwsError =>
  new AwsError('ResourceNotFoundException', `Secrets Manager can't find the specified secret value for VersionId: ${versionId}`);

export const markedForDeletion = (): AwsError =>
  new AwsError('InvalidRequestException', "You can't perform this operation on the secret because it was marked for deletion.");

export const alreadyMarkedDeleted = (): AwsError =>
  new AwsError('InvalidRequestException', "You tried to perform the operation on a secret that's currently marked deleted.");

export const nameScheduledForDeletion = (): AwsError =>
  new AwsError(
    'InvalidRequestException',
    "You can't create this secret because a secret with this name is already scheduled for deletion.",
  );

export const alreadyExists = (name: string): AwsError =>
  new AwsError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);

export const stageVersionMismatch = (): AwsError =>
  new AwsError('InvalidRequestException', 'You provided a VersionStage that is not associated to the provided VersionId.');

export const invalidName = (): AwsError =>
  new AwsError(
    'ValidationException',
    'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
  );

export const invalidParameter = (message: string): AwsError => new AwsError('InvalidParameterException', message);
export const invalidRequest = (message: string): AwsError => new AwsError('InvalidRequestException', message);

export const valueRequired = (): AwsError => invalidRequest('You must provide either SecretString or SecretBinary.');

export const bothValues = (): AwsError =>
  invalidParameter('You can\'t specify both a binary secret value and a string secret value in the same secret.');

export const tokenReusedWithOtherValue = (): AwsError =>
  new AwsError(
    'ResourceExistsException',
    'You can\'t modify an existing version, you can only create a new version.',
  );

export const onReplica = (): AwsError =>
  invalidRequest("Operation not permitted on a replica secret. Call must be made in primary secret's region.");

export const noRotationLambda = (): AwsError => invalidRequest('No Lambda rotation function ARN is associated with this secret.');

export const defaultKeyCrossAccount = (): AwsError =>
  invalidRequest(
    "You can't access a secret from a different AWS account if you encrypt the secret with the default KMS service key.",
  );

export const invalidNextToken = (): AwsError =>
  new AwsError('InvalidNextTokenException', 'The NextToken value is invalid.');
