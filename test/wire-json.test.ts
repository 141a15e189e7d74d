import { describe, expect, it } from 'vitest';
import { needsJsonEscape, Utf8Text } from '../src/protocol/utf8-text.js';
import { toWireJson } from '../src/protocol/wire-json.js';

const special = (c: number): boolean => c < 0x20 || c === 0x22 || c === 0x5c;

describe('needsJsonEscape', () => {
  it('agrees with a byte-by-byte check at every length and alignment', () => {
    const pool = [0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xe2, 0xff];
    let seed = 7;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let t = 0; t < 20000; t++) {
      const n = rand(40);
      const offset = rand(4);
      const b = Buffer.alloc(n + 8).subarray(offset, offset + n);
      for (let i = 0; i < n; i++) b[i] = rand(10) < 8 ? 0x20 + rand(224) : pool[rand(pool.length)]!;
      expect(needsJsonEscape(b)).toBe(b.some(special));
    }
  });
});

describe('toWireJson with a Utf8Text member', () => {
  const answer = (s: string) => ({ ARN: 'arn:x', Name: 'n€', SecretString: new Utf8Text(Buffer.from(s, 'utf8')), VersionStages: ['AWSCURRENT'], CreatedDate: new Date(1500) });

  it('writes the same JSON as JSON.stringify of the string, and wipes the decrypted bytes', () => {
    for (const s of ['abc', 'q"uote', 'back\\slash', 'ctl\u0001\n', 'ünï 🔑', '\u2028', '']) {
      const a = answer(s);
      const bytes = a.SecretString.bytes;
      const body = toWireJson(a);
      expect(Buffer.isBuffer(body)).toBe(true);
      expect(body.toString('utf8')).toBe(
        JSON.stringify({ ARN: 'arn:x', Name: 'n€', SecretString: s, VersionStages: ['AWSCURRENT'], CreatedDate: 1.5 }),
      );
      expect(bytes.every((x) => x === 0)).toBe(true);
    }
  });

  it('nested (BatchGetSecretValue-shaped) members become strings too', () => {
    const body = toWireJson({ SecretValues: [{ Name: 'a', SecretString: new Utf8Text(Buffer.from('v"1')) }] });
    expect(JSON.parse(body.toString())).toEqual({ SecretValues: [{ Name: 'a', SecretString: 'v"1' }] });
  });

  it('leaves blobs as base64 beside it and drops undefined members', () => {
    const body = toWireJson({ A: Buffer.from([1, 2, 3]), B: undefined, S: new Utf8Text(Buffer.from('s')) });
    expect(body.toString()).toBe('{"A":"AQID","S":"s"}');
  });
});
