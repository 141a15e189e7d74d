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
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    const obj = value as Record<string, unknown>;
    for (const key in obj) if (obj[key] instanceof Uint8Array) return withBlobs(obj);
  }
  return JSON.stringify(wireValue(value));
}

/**
 * An object with blobs among its own members (KMS's CiphertextBlob, Plaintext, Signature):
 * base64 never needs escaping, so each blob goes in as it is rather than through
 * JSON.stringify's scan of every character; the other members as JSON.stringify writes them.
 */
function withBlobs(obj: Record<string, unknown>): string {
  let out = '{';
  for (const key in obj) {
    const item = obj[key];
    let json: string | undefined;
    if (item instanceof Uint8Array) json = '"' + Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('base64') + '"';
    else json = JSON.stringify(wireValue(item)) as string | undefined;
    if (json === undefined) continue;
    out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + json;
  }
  return out + '}';
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
