import { Utf8Text } from './utf8-text.js';

/**
 * AWS JSON 1.1 serialization of handler output: Buffers become base64, Dates become
 * epoch-second numbers (what every SDK parses), undefined members disappear, and
 * Utf8Text members are strings (an answer with one at its top level comes out as
 * bytes, see withText).
 *
 * Blobs and dates are converted in a walk first and the result goes to a plain
 * JSON.stringify: a replacer would run for every member, and JSON.stringify calls
 * Buffer#toJSON (an array of one number per byte) before a replacer could step in.
 * The walk copies only the objects and arrays on the way to something it converts.
 */
export function toWireJson(value: unknown): string | Buffer {
  if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof Date)) {
    const obj = value as Record<string, unknown>;
    let blobs = false;
    for (const key in obj) {
      const item = obj[key];
      if (item instanceof Utf8Text) return withText(obj);
      if (item instanceof Uint8Array) blobs = true;
    }
    if (blobs) return withBlobs(obj);
  }
  return JSON.stringify(wireValue(value));
}

/**
 * An answer carrying a decrypted string (GetSecretValue): assembled as bytes, the
 * string's own bytes copied in once (and then wiped) when none needs escaping.
 */
function withText(obj: Record<string, unknown>): Buffer {
  const parts: (string | Buffer)[] = [];
  let text = '{';
  let first = true;
  for (const key in obj) {
    const item = obj[key];
    let json: string | undefined;
    if (item instanceof Utf8Text) {
      const raw = item.rawJsonBytes();
      if (raw === undefined) json = JSON.stringify(item.takeString());
      else {
        parts.push(text + (first ? '' : ',') + JSON.stringify(key) + ':"', raw);
        text = '"';
        first = false;
        continue;
      }
    } else json = item instanceof Uint8Array ? blobJson(item) : (JSON.stringify(wireValue(item)) as string | undefined);
    if (json === undefined) continue;
    text += (first ? '' : ',') + JSON.stringify(key) + ':' + json;
    first = false;
  }
  parts.push(text + '}');
  let length = 0;
  for (const p of parts) length += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
  const out = Buffer.allocUnsafe(length);
  let at = 0;
  for (const p of parts) {
    if (typeof p === 'string') at += out.write(p, at, 'utf8');
    else {
      at += p.copy(out, at);
      p.fill(0);
    }
  }
  return out;
}

const blobJson = (item: Uint8Array): string => '"' + Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('base64') + '"';

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
    if (item instanceof Uint8Array) json = blobJson(item);
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
  if (v instanceof Utf8Text) return v.takeString();
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
