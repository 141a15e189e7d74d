#!/usr/bin/env node
// Service models -> spec/<service>.json (trimmed botocore models) -> src/generated/**.
//
//   node scripts/codegen.mjs          regenerate spec/ (from botocore) and src/generated/ (from spec/)
//   node scripts/codegen.mjs --check  exit 1 when either would change
//
// spec/ is the reviewed source of truth: src/generated/ is derived from spec/ only, so it
// can be regenerated on machines without botocore. Output is deterministic (no dates,
// model order preserved) so a second run is byte-identical.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { translateJavaPattern } from './java-pattern.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SPEC_DIR = path.join(ROOT, 'spec');
const GEN_DIR = path.join(ROOT, 'src', 'generated');

const SERVICES = [
  { name: 'secretsmanager', version: '2017-10-17', typePrefix: 'SecretsManager' },
  { name: 'kms', version: '2014-11-01', typePrefix: 'Kms' },
  { name: 'sts', version: '2011-06-15', typePrefix: 'Sts' },
  { name: 'iam', version: '2010-05-08', typePrefix: 'Iam' },
];

const METADATA_KEYS = [
  'apiVersion', 'endpointPrefix', 'globalEndpoint', 'jsonVersion', 'protocol', 'serviceAbbreviation',
  'serviceFullName', 'serviceId', 'signatureVersion', 'signingName', 'targetPrefix', 'uid', 'xmlNamespace',
];
const OPERATION_KEYS = ['name', 'http', 'input', 'output', 'errors'];
const IO_REF_KEYS = ['shape', 'resultWrapper', 'locationName', 'xmlNamespace'];
const SHAPE_KEYS = [
  'type', 'required', 'members', 'member', 'key', 'value', 'min', 'max', 'pattern', 'enum', 'sensitive',
  'flattened', 'locationName', 'xmlNamespace', 'timestampFormat', 'error', 'exception', 'fault',
];
const MEMBER_KEYS = ['shape', 'locationName', 'flattened', 'xmlNamespace', 'xmlAttribute', 'idempotencyToken', 'timestampFormat'];

// ---------------------------------------------------------------- botocore -> spec

function findBotocore() {
  try {
    const out = execFileSync(
      'python3',
      ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
    );
    const [dir, version] = out.trim().split('\n');
    return dir && version ? { dir, version } : null;
  } catch {
    return null;
  }
}

function pick(obj, keys) {
  const out = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function trimModel(raw) {
  const shapes = raw.shapes;
  const reachable = new Set();
  const visit = (name) => {
    if (reachable.has(name)) return;
    const shape = shapes[name];
    if (!shape) throw new Error(`model references unknown shape ${name}`);
    reachable.add(name);
    for (const m of Object.values(shape.members ?? {})) visit(m.shape);
    for (const k of ['member', 'key', 'value']) if (shape[k]) visit(shape[k].shape);
  };
  const operations = {};
  for (const [name, op] of Object.entries(raw.operations)) {
    const t = pick(op, OPERATION_KEYS);
    if (t.input) { t.input = pick(t.input, IO_REF_KEYS); visit(t.input.shape); }
    if (t.output) { t.output = pick(t.output, IO_REF_KEYS); visit(t.output.shape); }
    if (t.errors) { t.errors = t.errors.map((e) => ({ shape: e.shape })); t.errors.forEach((e) => visit(e.shape)); }
    operations[name] = t;
  }
  const outShapes = {};
  for (const [name, shape] of Object.entries(shapes)) {
    if (!reachable.has(name)) continue;
    const t = pick(shape, SHAPE_KEYS);
    if (t.members) {
      const members = {};
      for (const [m, ref] of Object.entries(t.members)) members[m] = pick(ref, MEMBER_KEYS);
      t.members = members;
    }
    for (const k of ['member', 'key', 'value']) if (t[k]) t[k] = pick(t[k], MEMBER_KEYS);
    outShapes[name] = t;
  }
  return { metadata: pick(raw.metadata, METADATA_KEYS), operations, shapes: outShapes };
}

function specsFromBotocore(botocore) {
  const files = new Map();
  for (const svc of SERVICES) {
    const file = path.join(botocore.dir, 'data', svc.name, svc.version, 'service-2.json.gz');
    const raw = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8'));
    files.set(path.join(SPEC_DIR, `${svc.name}.json`), JSON.stringify(trimModel(raw), null, 2) + '\n');
  }
  return files;
}

function sourceMd(botocoreVersion, specs, skipped) {
  const lines = [
    '# Service model sources',
    '',
    'The files in this directory are trimmed copies of the botocore service models',
    '(`botocore/data/<service>/<version>/service-2.json.gz`): operations, shapes and their',
    'constraints, error traits and the query-protocol serialization traits, without documentation.',
    'They are written by `npm run codegen`, which then generates `src/generated/` from them.',
    'Do not edit them by hand; `npm run codegen -- --check` (run by `.ci/check-generated.sh`) fails when',
    'they or the generated code are out of date.',
    '',
    `- botocore: ${botocoreVersion}`,
  ];
  for (const svc of SERVICES) {
    const spec = specs.get(svc.name);
    lines.push(
      `- ${svc.name}: ${svc.version} (${spec.metadata.protocol}, uid ${spec.metadata.uid}, ` +
        `${Object.keys(spec.operations).length} operations, ${Object.keys(spec.shapes).length} shapes)`,
    );
  }
  lines.push('', '## Patterns not enforced', '');
  lines.push(
    'AWS checks `pattern` with Java regular expressions. Codegen translates each one to a JavaScript',
    '(u-flag) expression; patterns it cannot translate faithfully are not enforced and are listed here.',
    '',
  );
  if (skipped.length === 0) lines.push('None: every pattern in these models was translated.');
  for (const s of skipped) lines.push(`- ${s.service} ${s.shape}: \`${s.pattern}\` (${s.reason})`);
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------- spec -> src/generated

const HEADER = (svc, spec) =>
  `// Generated by scripts/codegen.mjs from spec/${svc.name}.json ` +
  `(${svc.name} ${spec.metadata.apiVersion}). Do not edit; run \`npm run codegen\`.\n`;

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const prop = (name) => (IDENT.test(name) ? name : JSON.stringify(name));
// Shape names that would shadow a global type the generated code itself uses.
const RESERVED = new Set(['Buffer', 'Date', 'Record', 'Partial', 'string', 'number', 'boolean']);
const typeName = (name) => (RESERVED.has(name) ? `${name}Shape` : name);

function tsType(spec, name) {
  const s = spec.shapes[name];
  switch (s.type) {
    case 'structure':
      return typeName(name);
    case 'list':
      return `${tsType(spec, s.member.shape)}[]`;
    case 'map': {
      const key = tsType(spec, s.key.shape);
      const value = tsType(spec, s.value.shape);
      return key === 'string' ? `Record<string, ${value}>` : `Partial<Record<${key}, ${value}>>`;
    }
    case 'string':
      return s.enum ? typeName(name) : 'string';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'blob':
      return 'Buffer';
    case 'timestamp':
      return 'Date';
    default:
      throw new Error(`unsupported shape type ${s.type} (${name})`);
  }
}

function typesFile(svc, spec) {
  const out = [HEADER(svc, spec), '/* eslint-disable */', ''];
  for (const [name, s] of Object.entries(spec.shapes)) {
    if (s.type === 'string' && s.enum) {
      out.push(`export type ${typeName(name)} = ${s.enum.map((v) => JSON.stringify(v)).join(' | ')};`, '');
    }
  }
  for (const [name, s] of Object.entries(spec.shapes)) {
    if (s.type !== 'structure') continue;
    const required = new Set(s.required ?? []);
    const members = Object.entries(s.members ?? {});
    if (members.length === 0) {
      out.push(`export type ${typeName(name)} = Record<string, never>;`, '');
      continue;
    }
    out.push(`export interface ${typeName(name)} {`);
    for (const [m, ref] of members) {
      out.push(`  ${prop(m)}${required.has(m) ? '' : '?'}: ${tsType(spec, ref.shape)};`);
    }
    out.push('}', '');
  }
  out.push(`/** Input and output type of every ${svc.name} operation. */`);
  out.push(`export interface ${svc.typePrefix}OperationTypes {`);
  for (const [name, op] of Object.entries(spec.operations)) {
    const input = op.input ? typeName(op.input.shape) : 'Record<string, never>';
    const output = op.output ? typeName(op.output.shape) : 'Record<string, never>';
    out.push(`  ${prop(name)}: { input: ${input}; output: ${output} };`);
  }
  out.push('}', '');
  return out.join('\n');
}

function compactShape(svc, name, s, skipped) {
  const t = {};
  for (const k of SHAPE_KEYS) if (s[k] !== undefined) t[k] = s[k];
  if (s.pattern !== undefined) {
    const r = translateJavaPattern(s.pattern);
    if (r.source !== undefined) t.regex = r.source;
    else skipped.push({ service: svc.name, shape: name, pattern: s.pattern, reason: r.reason });
  }
  return t;
}

function modelFile(svc, spec, skipped) {
  const md = spec.metadata;
  const before = skipped.length;
  const shapeLines = Object.entries(spec.shapes).map(
    ([name, s]) => `    ${prop(name)}: ${JSON.stringify(compactShape(svc, name, s, skipped))},`,
  );
  const mine = skipped.slice(before);
  const opLines = Object.entries(spec.operations).map(([name, op]) => {
    const o = {};
    if (op.input) o.input = op.input.shape;
    if (op.output) o.output = op.output.shape;
    if (op.output?.resultWrapper) o.resultWrapper = op.output.resultWrapper;
    if (op.errors?.length) o.errors = op.errors.map((e) => e.shape);
    return `    ${prop(name)}: ${JSON.stringify(o)},`;
  });
  const head = [
    `  name: ${JSON.stringify(svc.name)},`,
    `  protocol: ${JSON.stringify(md.protocol)},`,
    `  apiVersion: ${JSON.stringify(md.apiVersion)},`,
    `  signingName: ${JSON.stringify(md.signingName ?? md.endpointPrefix)},`,
    `  endpointPrefix: ${JSON.stringify(md.endpointPrefix)},`,
    `  serviceId: ${JSON.stringify(md.serviceId)},`,
  ];
  if (md.targetPrefix) head.push(`  targetPrefix: ${JSON.stringify(md.targetPrefix)},`);
  if (md.jsonVersion) head.push(`  jsonVersion: ${JSON.stringify(md.jsonVersion)},`);
  if (md.xmlNamespace) head.push(`  xmlNamespace: ${JSON.stringify(md.xmlNamespace)},`);
  const skippedComment =
    mine.length === 0
      ? ['// Every pattern in this model was translated to a JS regex (field `regex`).']
      : [
          '// Patterns not enforced (no faithful JS translation):',
          ...mine.map((s) => `//   ${s.shape}: ${s.pattern} (${s.reason})`),
        ];
  return [
    HEADER(svc, spec).trimEnd(),
    ...skippedComment,
    "import type { ServiceModel } from '../protocol/service-model.js';",
    '',
    `export const ${svc.name}Model: ServiceModel = {`,
    ...head,
    '  operations: {',
    ...opLines,
    '  },',
    '  shapes: {',
    ...shapeLines,
    '  },',
    '};',
    '',
  ].join('\n');
}

function indexFile() {
  return [
    '// Generated by scripts/codegen.mjs. Do not edit; run `npm run codegen`.',
    "import type { ServiceName } from '../protocol/operation.js';",
    "import type { ServiceModel } from '../protocol/service-model.js';",
    ...SERVICES.map((s) => `import { ${s.name}Model } from './${s.name}-model.js';`),
    '',
    'export const serviceModels: Record<ServiceName, ServiceModel> = {',
    ...SERVICES.map((s) => `  ${s.name}: ${s.name}Model,`),
    '};',
    '',
  ].join('\n');
}

function generatedFiles(specs) {
  const files = new Map();
  const skipped = [];
  for (const svc of SERVICES) {
    const spec = specs.get(svc.name);
    files.set(path.join(GEN_DIR, `${svc.name}-types.ts`), typesFile(svc, spec));
    files.set(path.join(GEN_DIR, `${svc.name}-model.ts`), modelFile(svc, spec, skipped));
  }
  files.set(path.join(GEN_DIR, 'service-models.ts'), indexFile());
  return { files, skipped };
}

// ---------------------------------------------------------------- main

function readSpecs(specFiles) {
  const specs = new Map();
  for (const svc of SERVICES) {
    const file = path.join(SPEC_DIR, `${svc.name}.json`);
    const text = specFiles?.get(file) ?? (existsSync(file) ? readFileSync(file, 'utf8') : null);
    if (text === null) throw new Error(`${path.relative(ROOT, file)} is missing and botocore is not installed`);
    specs.set(svc.name, JSON.parse(text));
  }
  return specs;
}

function main(argv) {
  const check = argv.includes('--check');
  const botocore = findBotocore();
  const expected = new Map();
  let specFiles = null;
  if (botocore) {
    specFiles = specsFromBotocore(botocore);
    for (const [f, t] of specFiles) expected.set(f, t);
  } else {
    console.warn('codegen: python3/botocore not found; regenerating src/generated/ from the existing spec/ only');
  }
  const specs = readSpecs(specFiles);
  const { files, skipped } = generatedFiles(specs);
  if (botocore) expected.set(path.join(SPEC_DIR, 'SOURCE.md'), sourceMd(botocore.version, specs, skipped));
  for (const [f, t] of files) expected.set(f, t);

  const stale = existsSync(GEN_DIR)
    ? readdirSync(GEN_DIR).map((f) => path.join(GEN_DIR, f)).filter((f) => !expected.has(f))
    : [];
  const changed = [...expected].filter(([f, t]) => !existsSync(f) || readFileSync(f, 'utf8') !== t).map(([f]) => f);

  if (check) {
    if (changed.length === 0 && stale.length === 0) {
      console.log('codegen --check: spec/ and src/generated/ are up to date');
      return 0;
    }
    console.error('codegen --check: generated files are out of date. Run `npm run codegen` and commit the result.');
    if (botocore) {
      const src = path.join(SPEC_DIR, 'SOURCE.md');
      const recorded = existsSync(src) ? /botocore: (\S+)/.exec(readFileSync(src, 'utf8'))?.[1] : undefined;
      if (recorded && recorded !== botocore.version) {
        console.error(`  (spec/SOURCE.md records botocore ${recorded}; this machine has ${botocore.version})`);
      }
    }
    for (const f of changed) console.error(`  would change: ${path.relative(ROOT, f)}`);
    for (const f of stale) console.error(`  would remove: ${path.relative(ROOT, f)}`);
    return 1;
  }
  mkdirSync(SPEC_DIR, { recursive: true });
  mkdirSync(GEN_DIR, { recursive: true });
  for (const f of changed) writeFileSync(f, expected.get(f));
  for (const f of stale) rmSync(f);
  console.log(`codegen: ${changed.length} file(s) written, ${stale.length} removed` +
    (skipped.length ? `; ${skipped.length} pattern(s) not translatable (see spec/SOURCE.md)` : ''));
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (e) {
    console.error(`codegen: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
