/**
 * AWS's wording for validation and deserialization failures, word for word.
 *
 * Constraint violations (Coral's ValidationException, ValidationError in the query services):
 *   1 validation error detected: Value 'x' at 'name' failed to satisfy constraint: Member must ...
 *   2 validation errors detected: Value ... ; Value ...   (joined by "; ", at most 10)
 * The member path is the member names with a lowercase first letter, list elements as
 * `<list>.<1-based index>.member`. The value is printed as Java would (lists `[a, b]`, maps
 * `{k=v}`), left out for sensitive members and blobs (`Value at 'plaintext'`), and `null` for a
 * missing required member.
 *
 * Wrong JSON types (SerializationException) use Coral's deserializer messages, e.g.
 * "Start of structure or map found where not expected." (sources: real-AWS recordings kept by
 * mhart/dynalite and kinesalite, localstack and moto AWS-validated tests, issue threads).
 */
import type { ShapeModel } from './service-model.js';

export const MAX_REPORTED = 10;

export function aggregate(messages: string[]): string {
  const n = messages.length;
  return `${n} validation error${n === 1 ? '' : 's'} detected: ${messages.join('; ')}`;
}

/** `value` is the already rendered `'x'`, `null`, or '' to leave the value out. */
export function violation(value: string, path: string, constraint: string): string {
  return `Value${value ? ` ${value}` : ''} at '${path}' failed to satisfy constraint: ${constraint}`;
}

export const notNull = 'Member must not be null';
export const minLength = (n: number): string => `Member must have length greater than or equal to ${n}`;
export const maxLength = (n: number): string => `Member must have length less than or equal to ${n}`;
export const minValue = (n: number): string => `Member must have value greater than or equal to ${n}`;
export const maxValue = (n: number): string => `Member must have value less than or equal to ${n}`;
export const enumSet = (values: readonly string[]): string => `Member must satisfy enum value set: [${values.join(', ')}]`;
export const pattern = (p: string): string => `Member must satisfy regular expression pattern: ${p}`;

/** Every constraint of a map key or value shape, as AWS lists them in "Map keys must satisfy constraint: [...]". */
export function shapeConstraints(shape: ShapeModel): string[] {
  const isNumber = shape.type === 'integer' || shape.type === 'long' || shape.type === 'float' || shape.type === 'double';
  const out: string[] = [];
  if (shape.max !== undefined) out.push(isNumber ? maxValue(shape.max) : maxLength(shape.max));
  if (shape.min !== undefined) out.push(isNumber ? minValue(shape.min) : minLength(shape.min));
  if (shape.pattern !== undefined) out.push(pattern(shape.pattern));
  if (shape.enum !== undefined) out.push(enumSet(shape.enum));
  return out;
}

export const mapKeys = (constraints: string[]): string => `Map keys must satisfy constraint: [${constraints.join(', ')}]`;
export const mapValues = (constraints: string[]): string =>
  `Map value must satisfy constraint: [${constraints.join(', ')}]`;

// ---- SerializationException messages (Coral's JSON deserializer)

export const START_OF_STRUCTURE = 'Start of structure or map found where not expected.';
export const START_OF_LIST = 'Start of list found where not expected';
export const EXPECTED_LIST = 'Expected list or null';
export const EXPECTED_MAP = 'Expected map or null';
export const EXPECTED_STRUCTURE = 'Expected null';

const NUMBER_CLASS = 'com.amazon.coral.value.json.numbers.TruncatingBigNumber';

/** Java's name for a JSON value's class, as in "class java.lang.Boolean can not be converted to an String". */
export function javaClassOf(v: unknown): string {
  if (typeof v === 'boolean') return 'java.lang.Boolean';
  if (typeof v === 'number') return NUMBER_CLASS;
  return 'java.lang.String';
}

/** "an String", "an Integer" ...: Coral uses "an" for every target type except Blob. */
export const cannotConvert = (v: unknown, target: string): string =>
  `class ${javaClassOf(v)} can not be converted to an ${target}`;

/** The message for a JSON array or object where a scalar or the other container was expected. */
export function containerMismatch(v: object): string {
  return Array.isArray(v) ? START_OF_LIST : START_OF_STRUCTURE;
}
