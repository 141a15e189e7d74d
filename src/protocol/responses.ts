import { AwsError } from './errors.js';
import type { ServiceName } from './operation.js';
import { serializeQueryError, serializeQueryResponse } from './query-protocol.js';
import { MESSAGE_MEMBER } from './targets.js';
import { toWireJson } from './wire-json.js';

export interface WireResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON or XML text; bytes when the answer carries a decrypted string (see wire-json.ts). */
  body: string | Buffer;
}

const JSON_TYPE = 'application/x-amz-json-1.1';
const XML_TYPE = 'text/xml';

export function jsonSuccess(output: unknown, requestId: string): WireResponse {
  return { status: 200, headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId }, body: toWireJson(output) };
}

export function jsonError(err: AwsError, service: ServiceName, requestId: string): WireResponse {
  const body: Record<string, unknown> = { __type: err.code, [MESSAGE_MEMBER[service]]: err.message, ...err.extra };
  return {
    status: err.status,
    headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': requestId, 'x-amzn-errortype': err.code },
    body: JSON.stringify(body),
  };
}

export function querySuccess(service: ServiceName, operation: string, output: unknown, requestId: string): WireResponse {
  return {
    status: 200,
    headers: { 'content-type': XML_TYPE, 'x-amzn-requestid': requestId },
    body: serializeQueryResponse(service, operation, output as Record<string, unknown>, requestId),
  };
}

/** The query services name the authentication failures differently and answer them with 403. */
const QUERY_CODES: Record<string, [string, number]> = {
  UnrecognizedClientException: ['InvalidClientTokenId', 403],
  InvalidSignatureException: ['SignatureDoesNotMatch', 403],
  IncompleteSignatureException: ['IncompleteSignature', 400],
  MissingAuthenticationTokenException: ['MissingAuthenticationToken', 403],
  ExpiredTokenException: ['ExpiredToken', 400],
  AccessDeniedException: ['AccessDenied', 403],
  SerializationException: ['MalformedInput', 400],
};

export function queryError(err: AwsError, service: ServiceName, requestId: string): WireResponse {
  const mapped = QUERY_CODES[err.code];
  const code = mapped?.[0] ?? err.code;
  const status = mapped?.[1] ?? err.status;
  const renamed = mapped ? new AwsError(code, err.message, status) : err;
  return {
    status,
    headers: { 'content-type': XML_TYPE, 'x-amzn-requestid': requestId },
    body: serializeQueryError(renamed, requestId, service),
  };
}
