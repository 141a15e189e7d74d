/**
 * A string member of an answer held as the UTF-8 bytes it was decrypted to (a
 * SecretString). The serializer copies the bytes into the body between quotes when
 * none needs escaping, instead of decoding them to a string, escaping that and
 * encoding the result again; either way it wipes them once used.
 *
 * The bytes must be well-formed UTF-8 (they are: Node's encoder wrote them when the
 * value was stored), so the only characters JSON must escape are '"', '\' and the
 * controls below U+0020.
 */
/** An answer type whose member K may be given as a Utf8Text. */
export type WithUtf8<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | Utf8Text };

export class Utf8Text {
  constructor(readonly bytes: Buffer) {}

  /**
   * The bytes themselves when they can stand between quotes as they are (the caller
   * copies and then wipes them); undefined when some need escaping.
   */
  rawJsonBytes(): Buffer | undefined {
    return needsJsonEscape(this.bytes) ? undefined : this.bytes;
  }

  /** As a JS string (for answers serialized the general way); the bytes are wiped. */
  takeString(): string {
    const s = this.bytes.toString('utf8');
    this.bytes.fill(0);
    return s;
  }
}

const HIGH = 0x80808080 | 0;

/**
 * Whether `b` holds '"', '\' or a byte below 0x20. The quote and the backslash are
 * found by Buffer#indexOf (memchr; a JSON-shaped secret fails here at once); the
 * controls four bytes a step: a byte below 0x20 borrows through `w - 0x20202020` into
 * its top bit while that bit is clear in w, which is exact for "is there one" (V8
 * walks a typed array a byte at a time about four times slower).
 */
export function needsJsonEscape(b: Buffer): boolean {
  if (b.indexOf(0x22) !== -1 || b.indexOf(0x5c) !== -1) return true;
  const n = b.length;
  let i = 0;
  const lead = Math.min(n, (4 - (b.byteOffset & 3)) & 3);
  for (; i < lead; i++) if (b[i]! < 0x20) return true;
  const words = (n - i) >>> 2;
  if (words > 0) {
    const w32 = new Int32Array(b.buffer, b.byteOffset + i, words);
    for (let k = 0; k < words; k++) {
      const w = w32[k]!;
      if (((w - 0x20202020) & ~w & HIGH) !== 0) return true;
    }
    i += words << 2;
  }
  for (; i < n; i++) if (b[i]! < 0x20) return true;
  return false;
}
