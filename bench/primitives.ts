/**
 * The least work a call's answer needs, measured on its own: the crypto and JSON that no
 * implementation of these APIs can skip. Run pinned on the server core by the headroom
 * case; prints one JSON array of { what, us } (CPU µs per call, the least of several batches).
 */
import { createDecipheriv, randomBytes } from 'node:crypto';
import { Utf8Text } from '../src/protocol/utf8-text.js';
import { toWireJson } from '../src/protocol/wire-json.js';
import { cost, GCM, gcmSeal, SIGV4_WHAT, sigV4Check } from './floor.js';

const value4k = gcmSeal(randomBytes(4096));
function open4k(): void {
  const d = createDecipheriv('aes-256-gcm', GCM.key, GCM.iv);
  d.setAAD(GCM.aad);
  d.setAuthTag(value4k.tag);
  d.update(value4k.c);
  d.final();
}
const plain1k = randomBytes(1024);
const seal1k = (): void => void gcmSeal(plain1k);

const secretString = 'v'.repeat(4096);
const answer = {
  ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:bench/get-secret-value-0000-AbCdEf',
  Name: 'bench/get-secret-value-0000',
  VersionId: '01234567-89ab-cdef-0123-456789abcdef',
  SecretString: secretString,
  VersionStages: ['AWSCURRENT'],
  CreatedDate: 1764378000.123,
};
const b64Plain = plain1k.toString('base64');
const valueBytes = Buffer.from(secretString, 'utf8');
const scratch = Buffer.allocUnsafe(valueBytes.length);
/** coffer's way (wire-json.ts): the decrypted bytes checked for what JSON escapes and copied between quotes. */
function cofferJson(): void {
  valueBytes.copy(scratch);
  toWireJson({ ...answer, SecretString: new Utf8Text(scratch) });
}

const rows = [
  { what: SIGV4_WHAT, us: cost(sigV4Check) },
  { what: 'AES-256-GCM open of a 4 KiB value', us: cost(open4k) },
  { what: 'JSON of the GetSecretValue answer (4 KiB SecretString), JSON.stringify', us: cost(() => JSON.stringify(answer)) },
  { what: "the same answer as coffer writes it (the value's bytes checked for characters to escape, copied between quotes)", us: cost(cofferJson) },
  { what: 'AES-256-GCM seal of 1 KiB', us: cost(seal1k) },
  { what: 'base64 in and out of 1 KiB', us: cost(() => Buffer.from(b64Plain, 'base64').toString('base64')) },
];
process.stdout.write(JSON.stringify(rows) + '\n');
