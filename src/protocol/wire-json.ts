/**
 * AWS JSON 1.1 serialization of handler output: Buffers become base64, Dates become
 * epoch-second numbers (what every SDK parses), undefined members disappear.
 *
 * Blobs and dates are converted in a walk first and the result goes to a plain
 * JSON.stringify: a replacer would run for every member, and JSON.stringify calls
 * Buffer#toJSON (an array of one number per byte) before a replacer could step in.
 * The walk copies only the objects and arrays on the way to something it converts.
 */
export function toWireJson(value: unknown): string {
  return JSON.stringify(wireValue(value));
}

function wireValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
  if (v instanceof Date) return v.getTime() / 1000;
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const item: unknown = v[i];
      if (typeof item !== 'object' || item === null) continue;
      const w = wireValue(item);
      if (w !== item) (out ??= v.slice())[i] = w;
    }
    return out ?? v;
  }
  const obj = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key in obj) {
    const item = obj[key];
    if (typeof item !== 'object' || item === null) continue;
    const w = wireValue(item);
    if (w === item) continue;
    out ??= { ...obj };
    if (key === '__proto__') Object.defineProperty(out, key, { value: w, enumerable: true, writable: true, configurable: true });
    else out[key] = w;
  }
  return out ?? obj;
}
