export type { ParsedSigV4, SigV4Input } from './types.js';
export { parseSigV4 } from './parse.js';
export { verifySigV4 } from './verify.js';
export {
  expiredToken,
  incompleteSignature,
  invalidSignature,
  missingAuthenticationToken,
  signatureMismatch,
  unrecognizedClient,
} from './errors.js';
export { SigningKey, SigningKeyCache, deriveSigningKey, signingKeys } from './signing-key-cache.js';
