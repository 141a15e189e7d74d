import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AwsError } from '../../src/protocol/errors.js';
import { canonicalContext, FORMAT_SYMMETRIC, openBlob, parseBlob, sealBlob } from '../../src/services/kms/ciphertext.js';

const header = { account: '123456789012', keyId: '0a1b2c3d-0000-4000-8000-000000000001', materialId: 'ab'.repeat(32) };
const key = randomBytes(32);

const invalid = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AwsError);
    expect(e).toMatchObject({ code: 'InvalidCiphertextException', message: '' });
    return;
  }
  throw new Error('expected InvalidCiphertextException');
};

describe('ciphertext blob', () => {
  it('starts with the format byte and names account, key and key material', () => {
    const blob = sealBlob(key, header, Buffer.from('hello'), { a: 'b' });
    expect(blob[0]).toBe(FORMAT_SYMMETRIC);
    const parsed = parseBlob(blob)!;
    expect(parsed).toMatchObject(header);
    expect(parsed.iv).toHaveLength(12);
    expect(parsed.tag).toHaveLength(16);
    expect(parsed.body).toHaveLength(5);
  });

  it('round-trips with the same context in any key order', () => {
    const blob = sealBlob(key, header, Buffer.from('hello'), { a: '1', b: '2' });
    expect(openBlob(key, parseBlob(blob)!, { b: '2', a: '1' }).toString()).toBe('hello');
  });

  it('works for multi-Region key ids', () => {
    const h = { ...header, keyId: `mrk-${'0f'.repeat(16)}` };
    const blob = sealBlob(key, h, Buffer.from('x'), undefined);
    expect(parseBlob(blob)?.keyId).toBe(h.keyId);
  });

  it('refuses a missing, extra, changed or case-changed context', () => {
    const blob = sealBlob(key, header, Buffer.from('hello'), { Purpose: 'test' });
    const parsed = parseBlob(blob)!;
    invalid(() => openBlob(key, parsed, undefined));
    invalid(() => openBlob(key, parsed, { Purpose: 'test', x: 'y' }));
    invalid(() => openBlob(key, parsed, { Purpose: 'Test' }));
    invalid(() => openBlob(key, parsed, { purpose: 'test' }));
  });

  it('refuses every single changed byte, header included', () => {
    const blob = sealBlob(key, header, Buffer.from('some plaintext'), { a: 'b' });
    for (let i = 0; i < blob.length; i++) {
      const t = Buffer.from(blob);
      t[i] = t[i]! ^ 0x01;
      const parsed = parseBlob(t);
      if (!parsed) continue; // the header no longer parses: also refused
      invalid(() => openBlob(key, parsed, { a: 'b' }));
    }
  });

  it('does not take foreign bytes for one of its blobs', () => {
    expect(parseBlob(Buffer.from('not a blob at all, not even close'))).toBeUndefined();
    expect(parseBlob(randomBytes(5))).toBeUndefined();
    const blob = sealBlob(key, header, Buffer.from('x'), undefined);
    expect(parseBlob(blob.subarray(0, 40))).toBeUndefined();
  });

  it('encodes contexts canonically: sorted, length-prefixed, collision-free', () => {
    expect(canonicalContext({ b: '2', a: '1' })).toEqual(canonicalContext({ a: '1', b: '2' }));
    expect(canonicalContext(undefined)).toEqual(canonicalContext({}));
    // Plain concatenation would make these equal.
    expect(canonicalContext({ ab: 'c' })).not.toEqual(canonicalContext({ a: 'bc' }));
    expect(canonicalContext({ a: 'b', c: 'd' })).not.toEqual(canonicalContext({ a: 'bc', '': 'd' }));
    expect(canonicalContext({ a: '' })).not.toEqual(canonicalContext({}));
    const enc = canonicalContext({ k: 'vv' });
    expect(enc.toString('hex')).toBe(`00000001000000016b000000027676`);
  });

  it('sorts by UTF-8 bytes, not UTF-16 code units', () => {
    // U+FF61 sorts after U+1F600 in UTF-16 but before it in UTF-8.
    const a = canonicalContext({ '\u{1F600}': '1', '\uFF61': '2' });
    const keys: string[] = [];
    let pos = 4;
    while (pos < a.length) {
      const kl = a.readUInt32BE(pos);
      keys.push(a.subarray(pos + 4, pos + 4 + kl).toString('utf8'));
      pos += 4 + kl;
      pos += 4 + a.readUInt32BE(pos);
    }
    expect(keys).toEqual(['\uFF61', '\u{1F600}']);
  });
});
