import { describe, expect, it } from 'vitest';
import { serviceModels } from '../src/generated/service-models.js';
import { AwsError } from '../src/protocol/errors.js';
import type { ServiceName } from '../src/protocol/operation.js';
import type { ServiceModel } from '../src/protocol/service-model.js';
import { hasOperation, precompileValidators, validateAgainstModel, validateInput } from '../src/protocol/validate.js';
import { translateJavaPattern } from '../scripts/java-pattern.mjs';

function failure(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError');
}

const KEY = '1234abcd-12ab-34cd-56ef-1234567890ab';
const b64 = (s: string | Buffer): string => Buffer.from(s).toString('base64');

// Messages as AWS returns them (recorded in moto/localstack AWS-validated tests, local-kms,
// aws CLI output quoted in issues and docs), plus the model's own constraints.
const VALIDATION_CASES: Array<[string, ServiceName, string, unknown, string]> = [
  [
    'empty plaintext is reported without its value (sensitive blob)',
    'kms', 'Encrypt', { KeyId: KEY, Plaintext: '' },
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ],
  [
    'plaintext over 4096 bytes',
    'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64(Buffer.alloc(4097, 1)) },
    "1 validation error detected: Value at 'plaintext' failed to satisfy constraint: Member must have length less than or equal to 4096",
  ],
  [
    'numberOfBytes above its range echoes the number',
    'kms', 'GenerateDataKey', { KeyId: KEY, NumberOfBytes: 1025 },
    "1 validation error detected: Value '1025' at 'numberOfBytes' failed to satisfy constraint: Member must have value less than or equal to 1024",
  ],
  [
    'numberOfBytes below its range',
    'kms', 'GenerateRandom', { NumberOfBytes: 0 },
    "1 validation error detected: Value '0' at 'numberOfBytes' failed to satisfy constraint: Member must have value greater than or equal to 1",
  ],
  [
    'missing required member',
    'kms', 'DescribeKey', {},
    "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
  ],
  [
    'two missing members, joined by "; "',
    'kms', 'TagResource', {},
    "2 validation errors detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null; " +
      "Value null at 'tags' failed to satisfy constraint: Member must not be null",
  ],
  [
    'empty ciphertext blob: blob values are not printed',
    'kms', 'Decrypt', { CiphertextBlob: '' },
    "1 validation error detected: Value at 'ciphertextBlob' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ],
  [
    'enum of a list element: path filters.1.member.key',
    'secretsmanager', 'ListSecrets', { Filters: [{ Key: 'invalid', Values: ['foo'] }] },
    "1 validation error detected: Value 'invalid' at 'filters.1.member.key' failed to satisfy constraint: " +
      'Member must satisfy enum value set: [description, name, tag-key, tag-value, primary-region, owning-service, all]',
  ],
  [
    'list length of a nested list prints the list',
    'secretsmanager', 'ListSecrets', { Filters: [{ Key: 'name', Values: [] }, { Key: 'name', Values: ['a'] }] },
    "1 validation error detected: Value '[]' at 'filters.1.member.values' failed to satisfy constraint: " +
      'Member must have length greater than or equal to 1',
  ],
  [
    'pattern on a list element',
    'secretsmanager', 'ListSecrets', { Filters: [{ Key: 'name', Values: ['ok', 'not ok?'] }] },
    "1 validation error detected: Value 'not ok?' at 'filters.1.member.values.2.member' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: ^\\!?[a-zA-Z0-9 :_@\\/\\+\\=\\.\\-\\!]*$',
  ],
  [
    'empty secret id',
    'secretsmanager', 'GetSecretValue', { SecretId: '' },
    "1 validation error detected: Value '' at 'secretId' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ],
  [
    'secret name over 512 characters',
    'secretsmanager', 'CreateSecret', { Name: 'n'.repeat(513) },
    `1 validation error detected: Value '${'n'.repeat(513)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 512`,
  ],
  [
    'sensitive secret string is never echoed',
    'secretsmanager', 'PutSecretValue', { SecretId: 's', SecretString: '' },
    "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1",
  ],
  [
    'recovery window is unconstrained in the model but automatic rotation days are',
    'secretsmanager', 'RotateSecret', { SecretId: 's', RotationRules: { AutomaticallyAfterDays: 1001 } },
    "1 validation error detected: Value '1001' at 'rotationRules.automaticallyAfterDays' failed to satisfy constraint: " +
      'Member must have value less than or equal to 1000',
  ],
  [
    'grant token list of 11 prints the list',
    'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), GrantTokens: Array.from({ length: 11 }, (_, i) => `t${i}`) },
    "1 validation error detected: Value '[t0, t1, t2, t3, t4, t5, t6, t7, t8, t9, t10]' at 'grantTokens' failed to satisfy constraint: " +
      'Member must have length less than or equal to 10',
  ],
  [
    'enum member of KMS',
    'kms', 'CreateKey', { KeySpec: 'AES_512' },
    "1 validation error detected: Value 'AES_512' at 'keySpec' failed to satisfy constraint: Member must satisfy enum value set: " +
      '[RSA_2048, RSA_3072, RSA_4096, ECC_NIST_P256, ECC_NIST_P384, ECC_NIST_P521, ECC_SECG_P256K1, SYMMETRIC_DEFAULT, ' +
      'HMAC_224, HMAC_256, HMAC_384, HMAC_512, SM2, ML_DSA_44, ML_DSA_65, ML_DSA_87, ECC_NIST_EDWARDS25519]',
  ],
  [
    'STS session name pattern (query services answer ValidationError)',
    'sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'bedrock role' },
    "1 validation error detected: Value 'bedrock role' at 'roleSessionName' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: [\\w+=,.@-]*',
  ],
  [
    'STS session name too short and duration too long',
    'sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'a', DurationSeconds: 43201 },
    "2 validation errors detected: Value 'a' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2; " +
      "Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200",
  ],
  [
    'IAM tag key pattern',
    'iam', 'CreateUser', { UserName: 'alice', Tags: [{ Key: 'bad*key', Value: 'v' }] },
    "1 validation error detected: Value 'bad*key' at 'tags.1.member.key' failed to satisfy constraint: " +
      'Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+',
  ],
];

describe('validateInput: AWS validation messages', () => {
  for (const [name, service, op, input, message] of VALIDATION_CASES) {
    it(name, () => {
      const err = failure(() => validateInput(service, op, input));
      expect(err.code).toBe(serviceModels[service].protocol === 'query' ? 'ValidationError' : 'ValidationException');
      expect(err.status).toBe(400);
      expect(err.message).toBe(message);
    });
  }

  it('reports at most 10 violations', () => {
    const err = failure(() =>
      validateInput('kms', 'Encrypt', { KeyId: '', Plaintext: '', GrantTokens: Array.from({ length: 12 }, () => '') }),
    );
    expect(err.message.startsWith('10 validation errors detected: ')).toBe(true);
    expect(err.message.split('; ')).toHaveLength(10);
  });

  it('reports every failing constraint of one value', () => {
    const err = failure(() => validateInput('sts', 'AssumeRole', { RoleArn: 'x', RoleSessionName: 'a b' }));
    expect(err.message).toBe(
      "2 validation errors detected: Value 'x' at 'roleArn' failed to satisfy constraint: Member must have length greater than or equal to 20; " +
        "Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*",
    );
  });

  it('never puts a sensitive value in a message', () => {
    const secret = 's3cr3t-'.repeat(10_000);
    const err = failure(() => validateInput('secretsmanager', 'CreateSecret', { Name: 'n', SecretString: secret }));
    expect(err.message).toBe(
      "1 validation error detected: Value at 'secretString' failed to satisfy constraint: Member must have length less than or equal to 65536",
    );
    const bad = failure(() => validateInput('kms', 'Encrypt', { KeyId: KEY, Plaintext: 'c2VjcmV0!' }));
    expect(bad.code).toBe('SerializationException');
    expect(bad.message).not.toContain('c2VjcmV0');
  });
});

// Coral's deserializer messages for values of the wrong JSON type (recorded against AWS by
// dynalite/kinesalite; the same Coral JSON framework serves KMS and Secrets Manager).
const SERIALIZATION_CASES: Array<[string, ServiceName, string, unknown, string]> = [
  ['number for a string', 'kms', 'DescribeKey', { KeyId: 12 },
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
  ['boolean for a string', 'kms', 'DescribeKey', { KeyId: true }, 'class java.lang.Boolean can not be converted to an String'],
  ['object for a string', 'kms', 'DescribeKey', { KeyId: {} }, 'Start of structure or map found where not expected.'],
  ['array for a string', 'kms', 'DescribeKey', { KeyId: [] }, 'Start of list found where not expected'],
  ['string for an integer', 'kms', 'GenerateRandom', { NumberOfBytes: '12' }, 'class java.lang.String can not be converted to an Integer'],
  ['boolean for an integer', 'kms', 'GenerateRandom', { NumberOfBytes: false }, 'class java.lang.Boolean can not be converted to an Integer'],
  ['string for a long', 'secretsmanager', 'DeleteSecret', { SecretId: 's', RecoveryWindowInDays: '7' },
    'class java.lang.String can not be converted to an Long'],
  ['number for a boolean', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), DryRun: 1 },
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an Boolean'],
  ['odd string for a boolean', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), DryRun: '23' }, "'23' can not be converted to an Boolean"],
  ['string for a list', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), GrantTokens: 'x' }, 'Expected list or null'],
  ['object for a list', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), GrantTokens: {} }, 'Start of structure or map found where not expected.'],
  ['string for a map', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), EncryptionContext: 'x' }, 'Expected map or null'],
  ['array for a map', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), EncryptionContext: [] }, 'Start of list found where not expected'],
  ['number in a string map', 'kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), EncryptionContext: { a: 1 } },
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to an String'],
  ['string for a structure', 'secretsmanager', 'RotateSecret', { SecretId: 's', RotationRules: 'x' }, 'Expected null'],
  ['array for a structure', 'secretsmanager', 'RotateSecret', { SecretId: 's', RotationRules: [] }, 'Start of list found where not expected'],
  ['number for a blob', 'kms', 'Decrypt', { CiphertextBlob: 23 },
    'class com.amazon.coral.value.json.numbers.TruncatingBigNumber can not be converted to a Blob'],
  ['boolean for a blob', 'kms', 'Decrypt', { CiphertextBlob: true }, 'class java.lang.Boolean can not be converted to a Blob'],
  ['base64 of bad length', 'kms', 'Decrypt', { CiphertextBlob: '23456' },
    "'23456' can not be converted to a Blob: Base64 encoded length is expected a multiple of 4 bytes but found: 5"],
  ['misplaced padding', 'kms', 'Decrypt', { CiphertextBlob: '=+/=' }, "'=+/=' can not be converted to a Blob: Invalid Base64 character: '='"],
  ['non-base64 character', 'kms', 'Decrypt', { CiphertextBlob: 'ab-_' }, "'ab-_' can not be converted to a Blob: Invalid Base64 character: '-'"],
  ['stray bits before padding', 'kms', 'Decrypt', { CiphertextBlob: '+/+=' },
    "'+/+=' can not be converted to a Blob: Invalid last non-pad Base64 character dectected"],
  ['a list where the whole input should be', 'kms', 'ListKeys', [], 'Start of list found where not expected'],
];

describe('validateInput: wrong JSON types', () => {
  for (const [name, service, op, input, message] of SERIALIZATION_CASES) {
    it(name, () => {
      const err = failure(() => validateInput(service, op, input));
      expect(err.code).toBe('SerializationException');
      expect(err.message).toBe(message);
    });
  }

  it('a type error wins over constraint violations', () => {
    const err = failure(() => validateInput('kms', 'Encrypt', { KeyId: '', Plaintext: '', GrantTokens: 'x' }));
    expect(err.code).toBe('SerializationException');
  });
});

describe('validateInput: conversions', () => {
  it('decodes blobs to Buffers and drops unknown members', () => {
    const out = validateInput('kms', 'Encrypt', {
      KeyId: KEY,
      Plaintext: b64('hello'),
      EncryptionContext: { purpose: 'test' },
      Unknown: 1,
    });
    expect(out).toEqual({ KeyId: KEY, Plaintext: Buffer.from('hello'), EncryptionContext: { purpose: 'test' } });
    expect(Buffer.isBuffer(out.Plaintext)).toBe(true);
  });

  it('accepts Buffers and Dates already converted (query protocol)', () => {
    const out = validateInput('kms', 'ImportKeyMaterial', {
      KeyId: KEY,
      ImportToken: Buffer.from([1, 2]),
      EncryptedKeyMaterial: new Uint8Array([3]),
      ValidTo: new Date(0),
    });
    expect(out.ImportToken).toEqual(Buffer.from([1, 2]));
    expect(out.EncryptedKeyMaterial).toEqual(Buffer.from([3]));
    expect(out.ValidTo).toEqual(new Date(0));
  });

  it('converts epoch-second and ISO timestamps to Dates', () => {
    const base = { KeyId: KEY, ImportToken: b64('t'), EncryptedKeyMaterial: b64('k') };
    expect(validateInput('kms', 'ImportKeyMaterial', { ...base, ValidTo: 1700000000.5 }).ValidTo).toEqual(new Date(1700000000500));
    expect(validateInput('kms', 'ImportKeyMaterial', { ...base, ValidTo: '2023-11-14T22:13:20Z' }).ValidTo).toEqual(
      new Date(1700000000000),
    );
    const err = failure(() => validateInput('kms', 'ImportKeyMaterial', { ...base, ValidTo: 'tomorrow' }));
    expect(err.code).toBe('SerializationException');
  });

  it('truncates fractional integers, treats null as absent', () => {
    expect(validateInput('kms', 'GenerateRandom', { NumberOfBytes: 32.9, CustomKeyStoreId: null })).toEqual({ NumberOfBytes: 32 });
  });

  it('returns {} for operations without input and for an empty body', () => {
    expect(validateInput('iam', 'GetAccountSummary', { Anything: 1 })).toEqual({});
    expect(validateInput('kms', 'ListKeys', undefined)).toEqual({});
  });

  it('keeps a map key named __proto__ as data', () => {
    const out = validateInput('kms', 'Encrypt', { KeyId: KEY, Plaintext: b64('x'), EncryptionContext: JSON.parse('{"__proto__":"v"}') });
    expect(Object.getPrototypeOf(out.EncryptionContext)).toBe(Object.prototype);
    expect(Object.keys(out.EncryptionContext as object)).toEqual(['__proto__']);
  });
});

describe('Java patterns keep their Java meaning', () => {
  const tag = (Key: string): unknown => ({ UserName: 'u', Tags: [{ Key, Value: 'v' }] });
  it('\\p{L} and friends match Unicode letters', () => {
    expect(() => validateInput('iam', 'CreateUser', tag('ключ 値 Ü'))).not.toThrow();
    expect(() => validateInput('iam', 'CreateUser', tag('a*b'))).toThrow(AwsError);
  });
  it('\\s is Java whitespace (no NBSP)', () => {
    const input = (d: string): unknown => ({ KeyId: KEY, ImportToken: b64('t'), EncryptedKeyMaterial: b64('k'), KeyMaterialDescription: d });
    expect(() => validateInput('kms', 'ImportKeyMaterial', input('a b\tc'))).not.toThrow();
    expect(() => validateInput('kms', 'ImportKeyMaterial', input('a\u00A0b'))).toThrow(AwsError);
  });
  it('escaped punctuation such as \\! and \\= stays literal', () => {
    const filter = (v: string): unknown => ({ Filters: [{ Key: 'name', Values: [v] }] });
    expect(() => validateInput('secretsmanager', 'ListSecrets', filter('!prod=1'))).not.toThrow();
    expect(() => validateInput('secretsmanager', 'ListSecrets', filter('a#b'))).toThrow(AwsError);
  });
  it('Java \\uXXXX takes four hex digits (\\u10000 is \\u1000 then 0)', () => {
    const arn = (s: string): unknown => ({ RoleArn: s, RoleSessionName: 'session' });
    expect(() => validateInput('sts', 'AssumeRole', arn('arn:aws:iam::123456789012:role/é'))).not.toThrow();
    expect(() => validateInput('sts', 'AssumeRole', arn('arn:aws:iam::123456789012:role/\u{1F600}'))).toThrow(AwsError);
  });
  it('patterns must match the whole value', () => {
    const err = failure(() => validateInput('sts', 'AssumeRole', { RoleArn: 'arn:aws:iam::123456789012:role/r', RoleSessionName: 'ok ok' }));
    expect(err.message).toContain("at 'roleSessionName'");
  });
  it('every model pattern has a compiled JS translation', () => {
    for (const model of Object.values(serviceModels)) {
      for (const [name, shape] of Object.entries(model.shapes)) {
        if (shape.pattern === undefined) continue;
        expect(shape.regex, `${model.name} ${name}`).toBeTypeOf('string');
        expect(() => new RegExp(`^(?:${shape.regex})$`, 'u')).not.toThrow();
      }
    }
  });
});

describe('models and compilation', () => {
  it('knows the operations of each service', () => {
    expect(hasOperation('kms', 'Encrypt')).toBe(true);
    expect(hasOperation('sts', 'AssumeRole')).toBe(true);
    expect(hasOperation('iam', 'CreateUser')).toBe(true);
    expect(hasOperation('secretsmanager', 'GetSecretValue')).toBe(true);
    expect(hasOperation('sts', 'CreateUser')).toBe(false);
    expect(hasOperation('kms', 'toString')).toBe(false);
  });

  it('compiles every operation of every service and validates an empty input', () => {
    for (const service of Object.keys(serviceModels) as ServiceName[]) {
      precompileValidators(service);
      for (const op of Object.keys(serviceModels[service].operations)) {
        try {
          validateInput(service, op, {});
        } catch (e) {
          expect(e).toBeInstanceOf(AwsError);
          expect((e as AwsError).code).toMatch(/^Validation(Exception|Error)$/);
        }
      }
    }
  });

  it('rejects an operation the model does not define', () => {
    expect(() => validateInput('kms', 'NoSuchOperation', {})).toThrow(/no operation/);
  });
});

// Map key/value constraints do not occur in the four services' inputs, so a small model
// exercises AWS's wording for them ("Map keys must satisfy constraint: [...]").
const MAP_MODEL: ServiceModel = {
  name: 'kms',
  protocol: 'json',
  apiVersion: 'test',
  signingName: 'test',
  endpointPrefix: 'test',
  serviceId: 'test',
  operations: { Put: { input: 'PutRequest' } },
  shapes: {
    PutRequest: { type: 'structure', members: { Weights: { shape: 'Weights' }, Node: { shape: 'Node' } } },
    Weights: { type: 'map', key: { shape: 'Version' }, value: { shape: 'Weight' }, max: 2 },
    Version: { type: 'string', min: 1, max: 4, pattern: '[0-9]+', regex: '[0-9]+' },
    Weight: { type: 'integer', min: 0, max: 100 },
    Node: { type: 'structure', members: { Name: { shape: 'Version' }, Next: { shape: 'Node' } } },
  },
};

describe('map constraints and recursive shapes', () => {
  it('reports map keys and values once each, with all their constraints', () => {
    const err = failure(() => validateAgainstModel(MAP_MODEL, 'Put', { Weights: { abc: 101, '7a': 5 } }));
    expect(err.message).toBe(
      "2 validation errors detected: Value '{abc=101, 7a=5}' at 'weights' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 4, Member must have length greater than or equal to 1, ' +
        'Member must satisfy regular expression pattern: [0-9]+]; ' +
        "Value '{abc=101, 7a=5}' at 'weights' failed to satisfy constraint: Map value must satisfy constraint: " +
        '[Member must have value less than or equal to 100, Member must have value greater than or equal to 0]',
    );
  });
  it('checks the number of entries', () => {
    const err = failure(() => validateAgainstModel(MAP_MODEL, 'Put', { Weights: { 1: 1, 2: 2, 3: 3 } }));
    expect(err.message).toBe(
      "1 validation error detected: Value '{1=1, 2=2, 3=3}' at 'weights' failed to satisfy constraint: Member must have length less than or equal to 2",
    );
  });
  it('walks recursive structures', () => {
    const err = failure(() => validateAgainstModel(MAP_MODEL, 'Put', { Node: { Name: '1', Next: { Next: { Name: 'x' } } } }));
    expect(err.message).toBe(
      "1 validation error detected: Value 'x' at 'node.next.next.name' failed to satisfy constraint: " +
        'Member must satisfy regular expression pattern: [0-9]+',
    );
  });
});

describe('Java pattern translation (codegen)', () => {
  const cases: Array<[string, string | undefined]> = [
    ['[\\w+=,.@\\:-]*', '[\\w+=,.@:-]*'],
    ['^\\!?[a-z\\=]*$', '^!?[a-z=]*$'],
    ['[a-z\\s]+', '[a-z\\t\\n\\x0B\\f\\r ]+'],
    ['a\\sb', 'a[\\t\\n\\x0B\\f\\r ]b'],
    ['a.b', 'a[^\\n\\r\\u0085\\u2028\\u2029]b'],
    ['\\p{IsL}\\pN', '\\p{L}\\p{N}'],
    ['x(?!-)y', 'x(?!-)y'],
    ['a*+', undefined],
    ['(?i)abc', undefined],
    ['(?>a)', undefined],
    ['[a-z&&[^b]]', undefined],
    ['\\p{Alpha}', undefined],
    ['\\Qa.b\\E', undefined],
  ];
  for (const [java, js] of cases) {
    it(`${java} -> ${js ?? 'not translated'}`, () => {
      const r = translateJavaPattern(java);
      expect(r.source).toBe(js);
      if (js === undefined) expect(r.reason).toBeTypeOf('string');
    });
  }
});
