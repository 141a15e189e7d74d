import type { IncomingHttpHeaders } from 'node:http';

/** The parts of an HTTP request SigV4 covers, exactly as they arrived. */
export interface SigV4Input {
  method: string;
  /** Path as received, without the query string, not yet decoded. */
  rawPath: string;
  /** Query string as received (no leading '?'), may be ''. */
  rawQuery: string;
  /** Node lower-cases names and folds repeated headers (some it drops). */
  headers: IncomingHttpHeaders;
  body: Buffer;
  /**
   * node's req.rawHeaders, when the caller has it: repeated headers are then
   * canonicalized one value at a time, as clients sign them, instead of from
   * node's ', '-joined (or deduplicated) view.
   */
  rawHeaders?: readonly string[];
  /**
   * The signing name the endpoint expects (from X-Amz-Target / the protocol), when
   * known before authentication: a mismatch is then reported in AWS's combined
   * credential-scope message.
   */
  service?: string;
}

export interface ParsedSigV4 {
  accessKeyId: string;
  /** yyyymmdd from the credential scope. */
  date: string;
  region: string;
  service: string;
  /** Lower-case names in the order the client listed them. */
  signedHeaders: string[];
  signature: string;
  /** yyyymmddThhmmssZ: X-Amz-Date, or the Date header rewritten in that form. */
  amzDate: string;
  sessionToken?: string;
  presigned: boolean;
  expiresSeconds?: number;
  /** Seconds since the epoch of amzDate. */
  timeSeconds: number;
  /** date/region/service/aws4_request, as it goes into the string to sign. */
  scope: string;
  /** The canonical query string (X-Amz-Signature left out for presigned URLs). */
  canonicalQuery: string;
}
