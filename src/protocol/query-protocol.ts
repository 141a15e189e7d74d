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

/** A shape as the parser walks it, built once per (shape, flattened) and cached per model. */
interface QueryNode {
  shape: ShapeModel;
  flattened: boolean;
  /** structure: wire name -> member name and node */
  members: Map<string, { name: string; node: QueryNode }>;
  /** list element / map key and value */
  item?: QueryNode;
  itemName: string;
  key?: QueryNode;
  keyName: string;
  value?: QueryNode;
  valueName: string;
}

const INDEX = /^[1-9][0-9]{0,6}$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

const nodeCaches = new WeakMap<ServiceModel, Map<string, QueryNode>>();

function shapeOf(model: ServiceModel, name: string): ShapeModel {
  const s = model.shapes[name];
  if (!s) throw new Error(`${model.name} model has no shape ${name}`);
  return s;
}

function nodeFor(model: ServiceModel, ref: MemberRef): QueryNode {
  let cache = nodeCaches.get(model);
  if (!cache) {
    cache = new Map();
    nodeCaches.set(model, cache);
  }
  const shape = shapeOf(model, ref.shape);
  const flattened = shape.flattened === true || ref.flattened === true;
  const cacheKey = flattened ? `${ref.shape}#flat` : ref.shape;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const node: QueryNode = { shape, flattened, members: new Map(), itemName: 'member', keyName: 'key', valueName: 'value' };
  cache.set(cacheKey, node); // before the children, so recursive shapes terminate
  if (shape.type === 'structure') {
    for (const [name, memberRef] of Object.entries(shape.members ?? {})) {
      const child = nodeFor(model, memberRef);
      let wire = memberRef.locationName ?? name;
      // A flattened list whose member has its own name is sent under that name (botocore).
      if (child.shape.type === 'list' && child.flattened && child.shape.member?.locationName) {
        wire = child.shape.member.locationName;
      }
      node.members.set(wire, { name, node: child });
    }
  } else if (shape.type === 'list' && shape.member) {
    node.item = nodeFor(model, shape.member);
    node.itemName = shape.member.locationName ?? 'member';
  } else if (shape.type === 'map' && shape.key && shape.value) {
    node.key = nodeFor(model, shape.key);
    node.keyName = shape.key.locationName ?? 'key';
    node.value = nodeFor(model, shape.value);
    node.valueName = shape.value.locationName ?? 'value';
  }
  return node;
}

/** End of the dot-separated segment starting at pos. */
function segmentEnd(key: string, pos: number): number {
  const dot = key.indexOf('.', pos);
  return dot < 0 ? key.length : dot;
}

/**
 * Places one parameter (key from `pos` on) in the raw tree; parameters that match no member
 * are ignored, as AWS does. `pos > key.length` means the whole key has been consumed.
 */
function place(node: QueryNode, raw: Raw | undefined, key: string, pos: number, value: string): Raw | undefined {
  const done = pos > key.length;
  switch (node.shape.type) {
    case 'structure': {
      if (done) return raw;
      const end = segmentEnd(key, pos);
      const member = node.members.get(key.slice(pos, end));
      if (member === undefined) return raw;
      const s: RawStructure = typeof raw === 'object' && raw.kind === 'structure' ? raw : { kind: 'structure', members: new Map() };
      const child = place(member.node, s.members.get(member.name), key, end + 1, value);
      if (child === undefined) return raw;
      s.members.set(member.name, child);
      return s;
    }
    case 'list': {
      const list: RawList = typeof raw === 'object' && raw.kind === 'list' ? raw : { kind: 'list', items: new Map() };
      if (done) return value === '' ? list : raw;
      let at = pos;
      if (!node.flattened) {
        const end = segmentEnd(key, at);
        if (key.slice(at, end) !== node.itemName) return raw;
        at = end + 1;
      }
      const end = segmentEnd(key, at);
      const idx = key.slice(at, end);
      if (!INDEX.test(idx) || !node.item) return raw;
      const n = Number(idx);
      const child = place(node.item, list.items.get(n), key, end + 1, value);
      if (child === undefined) return raw;
      list.items.set(n, child);
      return list;
    }
    case 'map': {
      const map: RawMap = typeof raw === 'object' && raw.kind === 'map' ? raw : { kind: 'map', entries: new Map() };
      if (done) return value === '' ? map : raw;
      let at = pos;
      if (!node.flattened) {
        const end = segmentEnd(key, at);
        if (key.slice(at, end) !== 'entry') return raw;
        at = end + 1;
      }
      const idxEnd = segmentEnd(key, at);
      const idx = key.slice(at, idxEnd);
      if (!INDEX.test(idx) || idxEnd >= key.length) return raw;
      const partEnd = segmentEnd(key, idxEnd + 1);
      const part = key.slice(idxEnd + 1, partEnd);
      const n = Number(idx);
      const entry = map.entries.get(n) ?? {};
      if (part === node.keyName && node.key) entry.key = place(node.key, entry.key, key, partEnd + 1, value) ?? entry.key;
      else if (part === node.valueName && node.value) entry.value = place(node.value, entry.value, key, partEnd + 1, value) ?? entry.value;
      else return raw;
      map.entries.set(n, entry);
      return map;
    }
    default:
      return done ? value : raw;
  }
}

function badValue(shape: ShapeModel, path: string, value: string, expected: string): AwsError {
  const shown = shape.sensitive ? REDACTED : value;
  return serializationError(`Invalid value '${shown}' for parameter ${path}: expected ${expected}`);
}

const byIndex = <T>(m: Map<number, T>): Array<[number, T]> => [...m.entries()].sort((a, b) => a[0] - b[0]);

/** Converts the raw tree to the model's types: numbers, booleans, Dates, Buffers, arrays, objects. */
function convert(node: QueryNode, raw: Raw, path: string): unknown {
  if (typeof raw !== 'string') {
    switch (raw.kind) {
      case 'structure': {
        const out: Record<string, unknown> = {};
        for (const member of node.members.values()) {
          const child = raw.members.get(member.name);
          if (child === undefined) continue;
          const v = convert(member.node, child, path ? `${path}.${member.name}` : member.name);
          if (v !== undefined) out[member.name] = v;
        }
        return out;
      }
      case 'list': {
        const item = node.item as QueryNode;
        return byIndex(raw.items).map(([n, child]) => convert(item, child, `${path}.${n}`));
      }
      case 'map': {
        const out: Record<string, unknown> = {};
        for (const [n, entry] of byIndex(raw.entries)) {
          if (entry.key === undefined) continue;
          const key = String(convert(node.key as QueryNode, entry.key, `${path}.${n}.key`));
          const value = entry.value === undefined ? '' : convert(node.value as QueryNode, entry.value, `${path}.${n}.value`);
          if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
          else out[key] = value;
        }
        return out;
      }
    }
  }
  const shape = node.shape;
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
      // An empty value where the model has a structure: nothing to convert.
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
  const node = nodeFor(model, { shape: inputName });
  let root: Raw | undefined;
  params.forEach((value, key) => {
    root = place(node, root, key, 0, value) ?? root;
  });
  return root === undefined ? {} : (convert(node, root, '') as Record<string, unknown>);
}
