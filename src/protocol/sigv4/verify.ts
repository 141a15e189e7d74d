import { hash, timingSafeEqual } from 'node:crypto';
import { canonicalRequest } from './canonical-request.js';
import { signatureMismatch } from './errors.js';
import { ALGORITHM } from './parse.js';
import { checkRequestTime } from './request-time.js';
import { signingKeys } from './signing-key-cache.js';
import type { ParsedSigV4, SigV4Input } from './types.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const sha256Hex = (data: string | Buffer): string => hash('sha256', data, 'hex');

/**
 * Check the request against the secret: clock window, then the signature over the
 * canonical request, which always carries the hash of the body as received
 * (x-amz-content-sha256 is never taken on trust; a signed one that disagrees with
 * the body is refused). Throws AwsError. `owner` is the object holding the secret (the
 * access key record), when the caller has one: derived keys are then cached by it.
 */
export function verifySigV4(req: SigV4Input, parsed: ParsedSigV4, secretAccessKey: string, nowMs: number, owner?: object): void {
  checkRequestTime(parsed.amzDate, parsed.timeSeconds, parsed.expiresSeconds, nowMs);
  const payloadHash = req.body.length === 0 ? EMPTY_SHA256 : sha256Hex(req.body);
  if (parsed.signedHeaders.includes('x-amz-content-sha256')) {
    const declared = req.headers['x-amz-content-sha256'];
    if (declared !== undefined && declared !== payloadHash) throw signatureMismatch();
  }
  const creq = canonicalRequest(req, parsed.signedHeaders, parsed.canonicalQuery, payloadHash);
  const stringToSign = ALGORITHM + '\n' + parsed.amzDate + '\n' + parsed.scope + '\n' + sha256Hex(creq);
  const key =
    owner === undefined
      ? signingKeys.get(secretAccessKey, parsed.date, parsed.region, parsed.service)
      : signingKeys.getFor(owner, parsed.scope, secretAccessKey, parsed.date, parsed.region, parsed.service);
  const expected = Buffer.from(key.signHex(stringToSign), 'utf8');
  // utf8, not latin1: latin1 would fold a character like U+0130 onto the hex digit '0'.
  const given = Buffer.from(parsed.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw signatureMismatch();
}
