import { randomBytes, randomInt } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** AWS-shaped identifiers: a 4-letter prefix (AKIA, ASIA, AIDA, AROA) and 16 characters. */
export function awsId(prefix: string): string {
  const bytes = randomBytes(16);
  let out = prefix;
  for (const b of bytes) out += UPPER_ALNUM[b & 31];
  return out;
}

/** 40 characters from the base64 alphabet, as AWS secret access keys are. */
export function secretAccessKey(): string {
  return randomBytes(30).toString('base64');
}

/** A 12-digit account id that does not start with 0 (so it never collides with the dev account). */
export function newAccountId(): string {
  let id = String(randomInt(1, 10));
  for (let i = 0; i < 11; i++) id += String(randomInt(0, 10));
  return id;
}
