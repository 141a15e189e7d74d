/**
 * AWS query protocol (STS, IAM): form parameters in, XML out.
 *
 * Parameters are named as botocore's QuerySerializer (and the JS v3 SDK) writes them:
 *   structure member   Prefix.<locationName | member name>
 *   list               Prefix.member.<i>        (Prefix.<i> when flattened; `Prefix=` is an empty list)
 *   map                Prefix.entry.<i>.key / .value   (Prefix.<i>.key when flattened)
 * with 1-based indexes, booleans as true/false, timestamps ISO 8601, blobs base64.
 * The parser turns them into the model's shape (numbers, booleans, Dates, Buffers) for
 * validateInput, which then checks the constraints.
 */
import { serviceModels } from '../generated/service-models.js';
import { type AwsError, serializationError } from './errors.js';
import type { ServiceName } from './operation.js';
import type { MemberRef, ServiceModel, ShapeModel } from './service-model.js';
import { REDACTED, decodeBase64, parseTimestamp } from './wire-scalars.js';

export { serializeQueryError, serializeQueryResponse } from './query-xml.js';

/** Parameters collected per shape before conversion: a tree mirroring the wire names. */
interface RawStructure {
  kind: 'structure';
  members: Map<string, Raw>;
}
interface RawList {
  kind: 'list';
  items: Map<number, Raw>;
}
interface RawMap {
  kind: 'map';
  entries: Map<number, { key?: Raw; value?: Raw }>;
}
type Raw = string | RawStructure | RawList | RawMap;

const INDEX = /^[1-9][0-9]{0,6}$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/** Wire name -> member name for each structure, built once per shape. */
const memberIndexes = new WeakMap<ShapeModel, Map<string, string>>();

function shapeOf(model: ServiceModel, name: string): ShapeModel {
  const s = model.shapes[name];
  if (!s) throw new Error(`${model.name} model has no shape ${name}`);
  return s;
}

function wireNames(model: ServiceModel, shape: ShapeModel): Map<string, string> {
  let index = memberIndexes.get(shape);
  if (index) return index;
  index = new Map();
  for (const [name, ref] of Object.entries(shape.members ?? {})) {
    let wire = ref.locationName ?? name;
    const target = shapeOf(model, ref.shape);
    // A flattened list whose member has its own name is sent under that name (botocore).
    if (target.type === 'list' && (target.flattened || ref.flattened) && target.member?.locationName) {
      wire = target.member.locationName;
    }
    index.set(wire, name);
  }
  memberIndexes.set(shape, index);
  return index;
}

const isFlattened = (shape: ShapeModel, ref: MemberRef | undefined): boolean =>
  shape.flattened === true || ref?.flattened === true;

/** Places one parameter in the raw tree; parameters that match no member are ignored, as AWS does. */
function place(
  model: ServiceModel,
  shape: ShapeModel,
  ref: MemberRef | undefined,
  node: Raw | undefined,
  segs: string[],
  i: number,
  value: string,
): Raw | undefined {
  switch (shape.type) {
    case 'structure': {
      if (i >= segs.length) return node;
      const raw: RawStructure = typeof node === 'object' && node.kind === 'structure' ? node : { kind: 'structure', members: new Map() };
      const memberName = wireNames(model, shape).get(segs[i] as string);
      if (memberName === undefined) return node === undefined ? undefined : raw;
      const memberRef = shape.members?.[memberName] as MemberRef;
      const child = place(model, shapeOf(model, memberRef.shape), memberRef, raw.members.get(memberName), segs, i + 1, value);
      if (child !== undefined) raw.members.set(memberName, child);
      return raw.members.size > 0 ? raw : node;
    }
    case 'list': {
      const memberRef = shape.member as MemberRef;
      const raw: RawList = typeof node === 'object' && node.kind === 'list' ? node : { kind: 'list', items: new Map() };
      if (i >= segs.length) return value === '' ? raw : node;
      let j = i;
      if (!isFlattened(shape, ref)) {
        if (segs[j] !== (memberRef.locationName ?? 'member')) return node;
        j += 1;
      }
      const idx = segs[j];
      if (idx === undefined || !INDEX.test(idx)) return node;
      const n = Number(idx);
      const child = place(model, shapeOf(model, memberRef.shape), memberRef, raw.items.get(n), segs, j + 1, value);
      if (child !== undefined) raw.items.set(n, child);
      return raw;
    }
    case 'map': {
      const keyRef = shape.key as MemberRef;
      const valueRef = shape.value as MemberRef;
      const raw: RawMap = typeof node === 'object' && node.kind === 'map' ? node : { kind: 'map', entries: new Map() };
      if (i >= segs.length) return value === '' ? raw : node;
      let j = i;
      if (!isFlattened(shape, ref)) {
        if (segs[j] !== 'entry') return node;
        j += 1;
      }
      const idx = segs[j];
      const part = segs[j + 1];
      if (idx === undefined || !INDEX.test(idx) || part === undefined) return node;
      const entry = raw.entries.get(Number(idx)) ?? {};
      if (part === (keyRef.locationName ?? 'key')) {
        entry.key = place(model, shapeOf(model, keyRef.shape), keyRef, entry.key, segs, j + 2, value) ?? entry.key;
      } else if (part === (valueRef.locationName ?? 'value')) {
        entry.value = place(model, shapeOf(model, valueRef.shape), valueRef, entry.value, segs, j + 2, value) ?? entry.value;
      } else {
        return node;
      }
      raw.entries.set(Number(idx), entry);
      return raw;
    }
    default:
      return i === segs.length ? value : node;
  }
}

function badValue(shape: ShapeModel, path: string, value: string, expected: string): AwsError {
  const shown = shape.sensitive ? REDACTED : value;
  return serializationError(`Invalid value '${shown}' for parameter ${path}: expected ${expected}`);
}

/** Converts the raw tree to the model's types: numbers, booleans, Dates, Buffers, arrays, objects. */
function convert(model: ServiceModel, shape: ShapeModel, raw: Raw, path: string): unknown {
  if (typeof raw !== 'string') {
    switch (raw.kind) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        for (const [name, child] of raw.members) {
          const ref = shape.members?.[name] as MemberRef;
          out[name] = convert(model, shapeOf(model, ref.shape), child, path ? `${path}.${name}` : name);
        }
        return out;
      }
      case 'list': {
        const ref = shape.member as MemberRef;
        const itemShape = shapeOf(model, ref.shape);
        return [...raw.items.entries()].sort((a, b) => a[0] - b[0]).map(([n, item]) => convert(model, itemShape, item, `${path}.${n}`));
      }
      case 'map': {
        const keyShape = shapeOf(model, (shape.key as MemberRef).shape);
        const valueShape = shapeOf(model, (shape.value as MemberRef).shape);
        const out: Record<string, unknown> = {};
        for (const [n, entry] of [...raw.entries.entries()].sort((a, b) => a[0] - b[0])) {
          if (entry.key === undefined) continue;
          const key = String(convert(model, keyShape, entry.key, `${path}.${n}.key`));
          const value = entry.value === undefined ? '' : convert(model, valueShape, entry.value, `${path}.${n}.value`);
          if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
          else out[key] = value;
        }
        return out;
      }
    }
  }
  switch (shape.type) {
    case 'string':
      return raw;
    case 'integer':
    case 'long':
      if (!INTEGER.test(raw)) throw badValue(shape, path, raw, 'an integer');
      return Number(raw);
    case 'float':
    case 'double':
      if (!DECIMAL.test(raw)) throw badValue(shape, path, raw, 'a number');
      return Number(raw);
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower !== 'true' && lower !== 'false') throw badValue(shape, path, raw, 'true or false');
      return lower === 'true';
    }
    case 'timestamp': {
      const d = parseTimestamp(raw);
      if (d === undefined) throw badValue(shape, path, raw, 'an ISO 8601 timestamp');
      return d;
    }
    case 'blob': {
      const buf = decodeBase64(raw, !shape.sensitive);
      if (!Buffer.isBuffer(buf)) throw serializationError(buf.error);
      return buf;
    }
    default:
      // A scalar sent where the model has a structure, list or map: AWS ignores it.
      return undefined;
  }
}

/**
 * Turns the form parameters of a query-protocol request into the operation's input shape.
 * Action, Version, the SigV4 query parameters and anything else the model does not name are
 * ignored. Throws a SerializationException for a value that cannot be converted to the
 * member's type (a non-numeric integer, a bad boolean or timestamp, invalid base64).
 */
export function parseQueryInput(service: ServiceName, operation: string, params: URLSearchParams): Record<string, unknown> {
  const model = serviceModels[service];
  const inputName = model.operations[operation]?.input;
  if (inputName === undefined) return {};
  const shape = shapeOf(model, inputName);
  let root: Raw | undefined;
  for (const [key, value] of params) {
    root = place(model, shape, undefined, root, key.split('.'), 0, value) ?? root;
  }
  if (root === undefined) return {};
  const out = convert(model, shape, root, '') as Record<string, unknown>;
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}
