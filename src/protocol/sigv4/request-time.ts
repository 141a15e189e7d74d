import { formatAmzDate } from './amz-date.js';
import { invalidSignature } from './errors.js';

/** How far a request's clock may be from ours, either way. */
export const MAX_SKEW_SECONDS = 300;
/** AWS's cap on X-Amz-Expires: the signing key is only good for seven days. */
export const MAX_EXPIRES_SECONDS = 604_800;

/** "5 min" / "90 sec", as AWS prints the window in its expiry messages. */
const window = (seconds: number): string => (seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} sec`);

/**
 * A signature is good from MAX_SKEW before its time until MAX_SKEW after it, or, for
 * a presigned URL, until X-Amz-Expires after it. Exactly on the edge still counts.
 */
export function checkRequestTime(amzDate: string, timeSeconds: number, expiresSeconds: number | undefined, nowMs: number): void {
  const now = Math.floor(nowMs / 1000);
  const validFor = expiresSeconds ?? MAX_SKEW_SECONDS;
  if (timeSeconds < now - validFor) {
    throw invalidSignature(
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - validFor)} (${formatAmzDate(now)} - ${window(validFor)}.)`,
    );
  }
  if (timeSeconds > now + MAX_SKEW_SECONDS) {
    throw invalidSignature(
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + MAX_SKEW_SECONDS)} (${formatAmzDate(now)} + ${window(MAX_SKEW_SECONDS)}.)`,
    );
  }
}
