/**
 * AWS JSON 1.1 serialization of handler output: Buffers become base64, Dates become
 * epoch-second numbers (what every SDK parses), undefined members disappear.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, v: unknown) {
    // JSON.stringify calls toJSON before the replacer; look at the original value instead.
    const original = key === '' ? v : this[key];
    if (original instanceof Date) return original.getTime() / 1000;
    if (Buffer.isBuffer(original) || original instanceof Uint8Array) return Buffer.from(original as Uint8Array).toString('base64');
    return v;
  });
}
