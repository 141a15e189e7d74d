/**
 * XML responses of the query protocol (STS, IAM), driven by the operation's output shape:
 *
 *   <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
 *     <AssumeRoleResult>…</AssumeRoleResult>
 *     <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
 *   </AssumeRoleResponse>
 *
 * Lists are <member> elements, maps <entry><key/><value/></entry>, timestamps ISO 8601 in
 * UTC, booleans lowercase, blobs base64. Members the model does not know are not written.
 */
import { serviceModels } from '../generated/service-models.js';
import type { AwsError } from './errors.js';
import type { ServiceName } from './operation.js';
import type { MemberRef, ServiceModel, ShapeModel } from './service-model.js';
import { formatIsoTimestamp, parseTimestamp } from './wire-scalars.js';

// Control characters are exactly what these must find: XML 1.0 cannot carry them.
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
// eslint-disable-next-line no-control-regex
const XML_ESCAPE = /[&<>"\r\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]/g;

/** Escapes text content; characters XML 1.0 cannot carry at all (lone surrogates too) become U+FFFD. */
export function escapeXml(s: string): string {
  if (!XML_SPECIAL.test(s)) return s;
  return s.replace(XML_ESCAPE, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\r':
        return '&#13;';
      default:
        return c.length === 2 ? c : '\uFFFD';
    }
  });
}

/** Each structure's members in model order with their element names, computed once per shape. */
const memberLists = new WeakMap<ShapeModel, Array<{ name: string; ref: MemberRef; tag: string }>>();

function membersOf(shape: ShapeModel): Array<{ name: string; ref: MemberRef; tag: string }> {
  let list = memberLists.get(shape);
  if (!list) {
    list = Object.entries(shape.members ?? {}).map(([name, ref]) => ({ name, ref, tag: ref.locationName ?? name }));
    memberLists.set(shape, list);
  }
  return list;
}

function shapeOf(model: ServiceModel, name: string): ShapeModel {
  const s = model.shapes[name];
  if (!s) throw new Error(`${model.name} model has no shape ${name}`);
  return s;
}

function scalarText(shape: ShapeModel, v: unknown): string | undefined {
  switch (shape.type) {
    case 'timestamp': {
      const d = parseTimestamp(v);
      return d === undefined ? undefined : formatIsoTimestamp(d);
    }
    case 'blob':
      if (Buffer.isBuffer(v)) return v.toString('base64');
      if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
      return typeof v === 'string' ? v : undefined;
    case 'boolean':
      return typeof v === 'boolean' ? String(v) : undefined;
    default:
      return typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
  }
}

/** Appends the children of a structure (its members, in model order). */
function writeMembers(model: ServiceModel, shape: ShapeModel, value: Record<string, unknown>, out: string[]): void {
  for (const { name, ref, tag } of membersOf(shape)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    writeValue(model, ref, tag, v, out);
  }
}

function writeValue(model: ServiceModel, ref: MemberRef, tag: string, v: unknown, out: string[]): void {
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      if (typeof v !== 'object' || v === null) return;
      out.push(`<${tag}>`);
      writeMembers(model, shape, v as Record<string, unknown>, out);
      out.push(`</${tag}>`);
      return;
    case 'list': {
      if (!Array.isArray(v)) return;
      const member = shape.member as MemberRef;
      if (shape.flattened || ref.flattened) {
        for (const item of v) if (item !== undefined && item !== null) writeValue(model, member, member.locationName ?? tag, item, out);
        return;
      }
      out.push(`<${tag}>`);
      for (const item of v) if (item !== undefined && item !== null) writeValue(model, member, member.locationName ?? 'member', item, out);
      out.push(`</${tag}>`);
      return;
    }
    case 'map': {
      if (typeof v !== 'object' || v === null) return;
      const key = shape.key as MemberRef;
      const val = shape.value as MemberRef;
      const flat = shape.flattened || ref.flattened;
      if (!flat) out.push(`<${tag}>`);
      for (const [k, item] of Object.entries(v as Record<string, unknown>)) {
        if (item === undefined || item === null) continue;
        out.push(flat ? `<${tag}>` : '<entry>');
        writeValue(model, key, key.locationName ?? 'key', k, out);
        writeValue(model, val, val.locationName ?? 'value', item, out);
        out.push(flat ? `</${tag}>` : '</entry>');
      }
      if (!flat) out.push(`</${tag}>`);
      return;
    }
    default: {
      const text = scalarText(shape, v);
      if (text !== undefined) out.push(`<${tag}>${escapeXml(text)}</${tag}>`);
    }
  }
}

function namespaceOf(model: ServiceModel): string {
  return model.xmlNamespace ?? `https://${model.endpointPrefix}.amazonaws.com/doc/${model.apiVersion}/`;
}

/** The XML body of a successful query-protocol response. */
export function serializeQueryResponse(
  service: ServiceName,
  operation: string,
  output: Record<string, unknown> | undefined,
  requestId: string,
): string {
  const model = serviceModels[service];
  const op = model.operations[operation];
  const out: string[] = [`<${operation}Response xmlns="${escapeXml(namespaceOf(model))}">`];
  if (op?.output !== undefined) {
    const wrapper = op.resultWrapper ?? `${operation}Result`;
    out.push(`<${wrapper}>`);
    writeMembers(model, shapeOf(model, op.output), output ?? {}, out);
    out.push(`</${wrapper}>`);
  }
  out.push(`<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>`);
  out.push(`</${operation}Response>`);
  return out.join('');
}

/**
 * The XML body of a query-protocol error:
 * <ErrorResponse xmlns="…"><Error><Type>Sender</Type><Code/><Message/></Error><RequestId/></ErrorResponse>
 */
export function serializeQueryError(err: AwsError, requestId: string, service: ServiceName): string {
  const model = serviceModels[service];
  const extra: string[] = [];
  for (const [k, v] of Object.entries(err.extra ?? {})) {
    if (/^[A-Za-z][A-Za-z0-9]*$/.test(k) && (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
      extra.push(`<${k}>${escapeXml(String(v))}</${k}>`);
    }
  }
  return (
    `<ErrorResponse xmlns="${escapeXml(namespaceOf(model))}">` +
    `<Error><Type>${err.fault}</Type><Code>${escapeXml(err.code)}</Code>` +
    `<Message>${escapeXml(err.message)}</Message>${extra.join('')}</Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`
  );
}
