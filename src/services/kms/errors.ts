import { AwsError } from '../../protocol/errors.js';
import type { KeyUsageType, OriginType } from './key.js';

/** KMS's own error texts, one place, word for word. */
export const keyNotFound = (arn: string): AwsError => new AwsError('NotFoundException', `Key '${arn}' does not exist`);
export const invalidKeyId = (id: string): AwsError => new AwsError('NotFoundException', `Invalid keyId '${id}'`);
export const invalidArnRegion = (region: string): AwsError => new AwsError('NotFoundException', `Invalid arn ${region}`);
export const aliasNotFound = (aliasArn: string): AwsError => new AwsError('NotFoundException', `Alias ${aliasArn} is not found.`);
export const aliasExists = (aliasArn: string): AwsError => new AwsError('AlreadyExistsException', `An alias with the name ${aliasArn} already exists`);

export const wrongUsage = (arn: string, usage: KeyUsageType, operation: string): AwsError =>
  new AwsError('InvalidKeyUsageException', `${arn} key usage is ${usage} which is not valid for ${operation}.`);

export const wrongSpec = (arn: string, spec: string, operation: string): AwsError =>
  new AwsError('InvalidKeyUsageException', `${arn} key spec is ${spec} which is not valid for ${operation}.`);

export const incompatibleAlgorithm = (alg: string, spec: string): AwsError =>
  new AwsError('InvalidKeyUsageException', `Algorithm ${alg} is incompatible with key spec ${spec}.`);

export const incorrectKey = (): AwsError =>
  new AwsError('IncorrectKeyException', 'The key ID in the request does not identify a CMK that can perform this operation.');

export const wrongOrigin = (arn: string, origin: OriginType): AwsError =>
  new AwsError('UnsupportedOperationException', `${arn} origin is ${origin} which is not valid for this operation.`);

export const unsupported = (message: string): AwsError => new AwsError('UnsupportedOperationException', message);
export const validation = (message: string): AwsError => new AwsError('ValidationException', message);
