import { randomInt } from 'node:crypto';
import type { GetRandomPasswordRequest } from '../../generated/secretsmanager-types.js';
import { invalidParameter } from './errors.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

/**
 * GetRandomPassword from a cryptographic source. Each included type (lower, upper,
 * digits, punctuation) appears at least once unless RequireEachIncludedType is false;
 * the required characters are placed at random positions (Fisher-Yates with randomInt).
 */
export function randomPassword(req: GetRandomPasswordRequest): string {
  const length = req.PasswordLength ?? 32;
  const excluded = new Set(req.ExcludeCharacters ?? '');
  const keep = (set: string): string => [...set].filter((c) => !excluded.has(c)).join('');
  const classes: string[] = [];
  if (!req.ExcludeLowercase) classes.push(keep(LOWER));
  if (!req.ExcludeUppercase) classes.push(keep(UPPER));
  if (!req.ExcludeNumbers) classes.push(keep(DIGITS));
  if (!req.ExcludePunctuation) classes.push(keep(PUNCTUATION));
  const required = classes.filter((c) => c.length > 0);
  const space = req.IncludeSpace && !excluded.has(' ') ? ' ' : '';
  const alphabet = required.join('') + space;
  if (alphabet.length === 0) throw invalidParameter('The password must include at least one character type.');
  const requireEach = req.RequireEachIncludedType ?? true;
  if (requireEach && length < required.length) {
    throw invalidParameter('Password length is too short based on the required types.');
  }
  const chars: string[] = [];
  if (requireEach) for (const c of required) chars.push(c[randomInt(c.length)]!);
  while (chars.length < length) chars.push(alphabet[randomInt(alphabet.length)]!);
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}
