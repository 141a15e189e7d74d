import { AwsError } from '../errors.js';

/**
 * AWS's authentication errors, word for word as the JSON services send them (the
 * query-protocol serializer renames the codes for STS and IAM). Sources: responses
 * recorded from AWS in mhart/dynalite and kinesalite, and errors quoted in public
 * issue threads; see the sigv4 tests for each text.
 */

export const MISSING_AUTH_TOKEN = 'Missing Authentication Token';
export const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
export const HOST_NOT_SIGNED = "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.";
export const BOTH_AUTH_FORMS = "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.";

export const missingAuthenticationToken = (): AwsError =>
  new AwsError('MissingAuthenticationTokenException', MISSING_AUTH_TOKEN);

export const incompleteSignature = (message: string): AwsError => new AwsError('IncompleteSignatureException', message);

export const invalidSignature = (message: string): AwsError => new AwsError('InvalidSignatureException', message);

/** Wrong signature, or a body that does not match a signed x-amz-content-sha256. */
export const signatureMismatch = (): AwsError => invalidSignature(SIGNATURE_MISMATCH);

/** Unknown or inactive access key, or a session token that does not belong to it. */
export const unrecognizedClient = (): AwsError =>
  new AwsError('UnrecognizedClientException', 'The security token included in the request is invalid.');

/** Temporary credentials past their expiry. */
export const expiredToken = (): AwsError =>
  new AwsError('ExpiredTokenException', 'The security token included in the request is expired');
