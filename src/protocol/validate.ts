/**
 * Input validation driven by the generated service models, with AWS's exact messages.
 *
 * Each operation's validator is compiled once, on first use, into a tree of closures (one
 * per shape, shared between operations; regexes built at compile time), so a request costs
 * one walk over its own input. The walk also converts: blobs (base64 on the JSON wire)
 * become Buffers, timestamps (epoch seconds or ISO 8601) become Dates, integers are
 * truncated as Coral does, unknown members are dropped.
 *
 * A value of the wrong JSON type stops the walk with a SerializationException, as AWS's
 * deserializer does before any constraint is looked at; constraint violations are collected
 * (at most 10) into one ValidationException (ValidationError for the query services).
 *
 * String lengths count UTF-16 code units, like Java's String.length() on AWS's side.
 */
import { serviceModels } from '../generated/service-models.js';
import { AwsError, serializationError } from './errors.js';
import type { ServiceName } from './operation.js';
import type { ServiceModel, ShapeModel } from './service-model.js';
import * as m from './validation-messages.js';
import { decodeBase64, parseTimestamp } from './wire-scalars.js';

interface Run {
  errors: string[];
}

/** Checks (and converts) one value; `path` is AWS's member path for messages. */
type Check = (v: unknown, path: string, run: Run) => unknown;

type OperationValidator = (input: unknown) => Record<string, unknown>;

const JAVA_NUMBER_TYPE = { integer: 'Integer', long: 'Long', float: 'Float', double: 'Double' } as const;

function report(run: Run, value: string, path: string, constraint: string): void {
  if (run.errors.length < m.MAX_REPORTED) run.errors.push(m.violation(value, path, constraint));
}

function typeError(v: unknown, target: string): AwsError {
  if (typeof v === 'object' && v !== null) return serializationError(m.containerMismatch(v));
  return serializationError(m.cannotConvert(v, target));
}

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

const isScalarType = (t: ShapeModel['type']): boolean => t !== 'structure' && t !== 'list' && t !== 'map';

/** Java's toString of a scalar, or undefined when AWS leaves the value out (sensitive, blob). */
function scalarText(v: unknown, shape: ShapeModel): string | undefined {
  if (shape.sensitive || shape.type === 'blob' || shape.type === 'timestamp') return undefined;
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

class ValidatorCompiler {
  private readonly checks = new Map<string, Check>();

  constructor(private readonly model: ServiceModel) {}

  shape(name: string): ShapeModel {
    const s = this.model.shapes[name];
    if (!s) throw new Error(`${this.model.name} model has no shape ${name}`);
    return s;
  }

  check(name: string): Check {
    const existing = this.checks.get(name);
    if (existing) return existing;
    // A placeholder lets recursive shapes refer to themselves while being compiled.
    const slot: { check?: Check } = {};
    this.checks.set(name, (v, p, r) => (slot.check as Check)(v, p, r));
    slot.check = this.build(this.shape(name));
    this.checks.set(name, slot.check);
    return slot.check;
  }

  private build(shape: ShapeModel): Check {
    switch (shape.type) {
      case 'structure':
        return this.structure(shape);
      case 'list':
        return this.list(shape);
      case 'map':
        return this.map(shape);
      case 'string':
        return stringCheck(shape);
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return numberCheck(shape, JAVA_NUMBER_TYPE[shape.type]);
      case 'boolean':
        return booleanCheck;
      case 'blob':
        return blobCheck(shape);
      case 'timestamp':
        return timestampCheck;
    }
  }

  private structure(shape: ShapeModel): Check {
    const required = new Set(shape.required ?? []);
    const members = Object.entries(shape.members ?? {}).map(([name, ref]) => ({
      name,
      segment: lowerFirst(name),
      required: required.has(name),
      check: this.check(ref.shape),
    }));
    return (v, path, run) => {
      if (typeof v !== 'object' || v === null || Buffer.isBuffer(v) || v instanceof Date) {
        throw serializationError(m.EXPECTED_STRUCTURE);
      }
      if (Array.isArray(v)) throw serializationError(m.START_OF_LIST);
      const input = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const member of members) {
        const value = input[member.name];
        const memberPath = path ? `${path}.${member.segment}` : member.segment;
        if (value === undefined || value === null) {
          if (member.required) report(run, 'null', memberPath, m.notNull);
          continue;
        }
        out[member.name] = member.check(value, memberPath, run);
      }
      return out;
    };
  }

  private list(shape: ShapeModel): Check {
    const memberRef = shape.member;
    if (!memberRef) throw new Error('list shape without member');
    const memberShape = this.shape(memberRef.shape);
    const item = this.check(memberRef.shape);
    const { min, max } = shape;
    const printable = !shape.sensitive && isScalarType(memberShape.type);
    return (v, path, run) => {
      if (!Array.isArray(v)) {
        throw serializationError(typeof v === 'object' && v !== null ? m.START_OF_STRUCTURE : m.EXPECTED_LIST);
      }
      if ((max !== undefined && v.length > max) || (min !== undefined && v.length < min)) {
        const texts = printable ? v.map((e) => (e === null ? 'null' : scalarText(e, memberShape))) : [];
        const shown = printable && texts.every((t) => t !== undefined) ? `'[${texts.join(', ')}]'` : '';
        if (max !== undefined && v.length > max) report(run, shown, path, m.maxLength(max));
        if (min !== undefined && v.length < min) report(run, shown, path, m.minLength(min));
      }
      const out = new Array<unknown>(v.length);
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        const elementPath = `${path}.${i + 1}.member`;
        if (e === null || e === undefined) {
          report(run, 'null', elementPath, m.notNull);
          out[i] = null;
        } else {
          out[i] = item(e, elementPath, run);
        }
      }
      return out;
    };
  }

  private map(shape: ShapeModel): Check {
    if (!shape.key || !shape.value) throw new Error('map shape without key or value');
    const keyShape = this.shape(shape.key.shape);
    const valueShape = this.shape(shape.value.shape);
    const keyCheck = this.check(shape.key.shape);
    const valueCheck = this.check(shape.value.shape);
    const valueIsScalar = isScalarType(valueShape.type);
    const keyMessage = m.mapKeys(m.shapeConstraints(keyShape));
    const valueMessage = m.mapValues(m.shapeConstraints(valueShape));
    const { min, max } = shape;
    const printable = !shape.sensitive && valueIsScalar;
    return (v, path, run) => {
      if (typeof v !== 'object' || v === null) throw serializationError(m.EXPECTED_MAP);
      if (Array.isArray(v)) throw serializationError(m.START_OF_LIST);
      const entries = Object.entries(v as Record<string, unknown>);
      const render = (): string => {
        if (!printable) return '';
        const parts: string[] = [];
        for (const [k, val] of entries) {
          const kt = scalarText(k, keyShape);
          const vt = val === null ? 'null' : scalarText(val, valueShape);
          if (kt === undefined || vt === undefined) return '';
          parts.push(`${kt}=${vt}`);
        }
        return `'{${parts.join(', ')}}'`;
      };
      if (max !== undefined && entries.length > max) report(run, render(), path, m.maxLength(max));
      if (min !== undefined && entries.length < min) report(run, render(), path, m.minLength(min));
      const out: Record<string, unknown> = {};
      let badKey = false;
      let badValue = false;
      for (const [k, val] of entries) {
        const scratch: Run = { errors: [] };
        keyCheck(k, path, scratch);
        if (scratch.errors.length > 0) badKey = true;
        if (val === null || val === undefined) continue;
        if (valueIsScalar) {
          const valueRun: Run = { errors: [] };
          setOwn(out, k, valueCheck(val, path, valueRun));
          if (valueRun.errors.length > 0) badValue = true;
        } else {
          setOwn(out, k, valueCheck(val, `${path}.${k}.member`, run));
        }
      }
      if (badKey) report(run, render(), path, keyMessage);
      if (badValue) report(run, render(), path, valueMessage);
      return out;
    };
  }
}

function stringCheck(shape: ShapeModel): Check {
  const { min, max, sensitive } = shape;
  const regex = shape.regex !== undefined ? new RegExp(`^(?:${shape.regex})$`, 'u') : undefined;
  const patternMessage = shape.pattern !== undefined ? m.pattern(shape.pattern) : '';
  const allowed = shape.enum ? new Set(shape.enum) : undefined;
  const enumMessage = shape.enum ? m.enumSet(shape.enum) : '';
  return (v, path, run) => {
    if (typeof v !== 'string') throw typeError(v, 'String');
    const shown = sensitive ? '' : `'${v}'`;
    if (max !== undefined && v.length > max) report(run, shown, path, m.maxLength(max));
    if (min !== undefined && v.length < min) report(run, shown, path, m.minLength(min));
    if (regex !== undefined && !regex.test(v)) report(run, shown, path, patternMessage);
    if (allowed !== undefined && !allowed.has(v)) report(run, shown, path, enumMessage);
    return v;
  };
}

function numberCheck(shape: ShapeModel, javaType: string): Check {
  const { min, max } = shape;
  const integral = javaType === 'Integer' || javaType === 'Long';
  return (v, path, run) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw typeError(v, javaType);
    const n = integral ? Math.trunc(v) : v;
    if (max !== undefined && n > max) report(run, `'${n}'`, path, m.maxValue(max));
    if (min !== undefined && n < min) report(run, `'${n}'`, path, m.minValue(min));
    return n;
  };
}

const booleanCheck: Check = (v) => {
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === 'false') return v === 'true';
  if (typeof v === 'string') throw serializationError(`'${v}' can not be converted to an Boolean`);
  throw typeError(v, 'Boolean');
};

function blobCheck(shape: ShapeModel): Check {
  const { min, max, sensitive } = shape;
  return (v, path, run) => {
    let buf: Buffer;
    if (typeof v === 'string') {
      const decoded = decodeBase64(v, !sensitive);
      if (!Buffer.isBuffer(decoded)) throw serializationError(decoded.error);
      buf = decoded;
    } else if (v instanceof Uint8Array) {
      buf = Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
    } else if (typeof v === 'object' && v !== null) {
      throw serializationError(m.containerMismatch(v));
    } else {
      throw serializationError(`class ${m.javaClassOf(v)} can not be converted to a Blob`);
    }
    if (max !== undefined && buf.length > max) report(run, '', path, m.maxLength(max));
    if (min !== undefined && buf.length < min) report(run, '', path, m.minLength(min));
    return buf;
  };
}

const timestampCheck: Check = (v) => {
  const d = parseTimestamp(v);
  if (d !== undefined) return d;
  throw typeError(v, 'Date');
};

// ---------------------------------------------------------------- public API

interface CompiledModel {
  compiler: ValidatorCompiler;
  operations: Map<string, OperationValidator>;
}

const compiled = new WeakMap<ServiceModel, CompiledModel>();

function validatorFor(model: ServiceModel, operation: string): OperationValidator {
  let c = compiled.get(model);
  if (!c) {
    c = { compiler: new ValidatorCompiler(model), operations: new Map() };
    compiled.set(model, c);
  }
  const existing = c.operations.get(operation);
  if (existing) return existing;
  const op = model.operations[operation];
  if (!op) throw new Error(`${model.name} has no operation ${operation}`);
  let validator: OperationValidator;
  if (op.input === undefined) {
    validator = () => ({});
  } else {
    const check = c.compiler.check(op.input);
    const code = model.protocol === 'query' ? 'ValidationError' : 'ValidationException';
    validator = (input) => {
      const run: Run = { errors: [] };
      const out = check(input ?? {}, '', run) as Record<string, unknown>;
      if (run.errors.length > 0) throw new AwsError(code, m.aggregate(run.errors));
      return out;
    };
  }
  c.operations.set(operation, validator);
  return validator;
}

/** Whether the service model defines this operation. */
export function hasOperation(service: ServiceName, name: string): boolean {
  return Object.hasOwn(serviceModels[service].operations, name);
}

/**
 * Validates and converts an operation's input (parsed JSON body, or what parseQueryInput
 * produced) against the model. Returns a new object holding only modeled members, with
 * Buffers for blobs and Dates for timestamps. Throws AwsError: SerializationException for a
 * value of the wrong type, ValidationException (query services: ValidationError) listing the
 * constraint violations. Throws a plain Error for an operation the model does not define.
 */
export function validateInput(service: ServiceName, operation: string, input: unknown): Record<string, unknown> {
  return validatorFor(serviceModels[service], operation)(input);
}

/** The same against any model (tests use hand-written ones for shapes the AWS models lack). */
export function validateAgainstModel(model: ServiceModel, operation: string, input: unknown): Record<string, unknown> {
  return validatorFor(model, operation)(input);
}

/** Compiles every operation's validator now (e.g. at startup) instead of on first use. */
export function precompileValidators(service: ServiceName): void {
  const model = serviceModels[service];
  for (const name of Object.keys(model.operations)) validatorFor(model, name);
}
