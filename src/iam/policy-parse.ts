import { AwsError } from '../protocol/errors.js';
import { DUPLICATE_SID, PolicyParseError, VERSION_TOO_OLD, syntaxError } from './policy-error.js';
import type { Policy, PolicyKind, PolicyVersion, Statement } from './policy-types.js';
import { RANK, parseStatement, type Issue } from './statement-parse.js';

export interface ParseOptions {
  /** IAM managed policies (CreatePolicy, CreatePolicyVersion) refuse documents older than 2012-10-17. */
  requireVersion2012?: boolean;
}

const TOP_ELEMENTS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set<string>(['2012-10-17', '2008-10-17']);

/** Parse and compile a policy document; throws PolicyParseError with IAM's message. Not cached. */
export function compilePolicy(json: string, kind: PolicyKind, opts: ParseOptions = {}): Policy {
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch {
    throw syntaxError('the document is not valid JSON');
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) throw syntaxError('the document must be a JSON object');
  const top = doc as Record<string, unknown>;
  for (const k of Object.keys(top)) if (!TOP_ELEMENTS.has(k)) throw syntaxError(`unknown top-level element "${k}"`);
  const version = top.Version;
  if (version !== undefined && (typeof version !== 'string' || !VERSIONS.has(version))) {
    throw syntaxError('Version must be "2012-10-17" or "2008-10-17"');
  }
  if (top.Id !== undefined && typeof top.Id !== 'string') throw syntaxError('Id must be a string');
  const rawStatements = top.Statement;
  if (rawStatements === undefined) throw syntaxError('the document has no Statement');
  const list: unknown[] = Array.isArray(rawStatements) ? rawStatements : [rawStatements];
  if (list.length === 0) throw syntaxError('Statement is empty');

  // Policy variables exist only in the 2012-10-17 language.
  const variables = version === '2012-10-17';
  const issues: Issue[] = [];
  const statements: Statement[] = list.map((raw, i) => parseStatement(raw, i, kind, variables, issues));

  if (opts.requireVersion2012 && version !== '2012-10-17') {
    issues.push({ rank: RANK.version, error: new PolicyParseError(VERSION_TOO_OLD, 'Version must be 2012-10-17') });
  }
  const seen = new Set<string>();
  for (const s of statements) {
    if (!s.sid) continue;
    if (seen.has(s.sid)) issues.push({ rank: RANK.duplicateSid, error: new PolicyParseError(DUPLICATE_SID, `Sid "${s.sid}" appears twice`) });
    seen.add(s.sid);
  }
  if (issues.length > 0) {
    // Stable: among equal ranks the earliest statement wins.
    const first = issues.reduce((a, b) => (b.rank < a.rank ? b : a));
    throw first.error;
  }
  return {
    kind,
    version: version as PolicyVersion | undefined,
    id: typeof top.Id === 'string' ? top.Id : undefined,
    statements,
  };
}

export type ParseResult = { ok: true; policy: Policy } | { ok: false; message: string; detail: string };

// Policies are parsed on every request that reads them; parsing once per distinct text is enough.
// One map per kind and option set, keyed by the text itself: a policy read from a cached record is
// the same string every time, whose hash V8 keeps, so a hit costs no hashing of the document.
const CACHE_LIMIT = 2000;
const caches = new Map<string, Map<string, Policy>>();
let cached = 0;

function cacheFor(kind: PolicyKind, opts: ParseOptions): Map<string, Policy> {
  const name = opts.requireVersion2012 ? `${kind}|2012` : kind;
  let m = caches.get(name);
  if (!m) caches.set(name, (m = new Map()));
  return m;
}

/** Parse (cached by text): a structured result the caller maps onto its service's error. */
export function tryParsePolicy(json: string, kind: PolicyKind, opts: ParseOptions = {}): ParseResult {
  const cache = cacheFor(kind, opts);
  const hit = cache.get(json);
  if (hit) return { ok: true, policy: hit };
  try {
    const policy = compilePolicy(json, kind, opts);
    // Distinct policy texts are few; past the limit start again rather than track recency on every hit.
    if (cached >= CACHE_LIMIT) clearPolicyCache();
    cacheFor(kind, opts).set(json, policy);
    cached++;
    return { ok: true, policy };
  } catch (e) {
    if (e instanceof PolicyParseError) return { ok: false, message: e.message, detail: e.detail };
    throw e;
  }
}

/**
 * Parse (cached by text) or throw AwsError(errorCode, IAM's message). IAM uses
 * MalformedPolicyDocument; KMS and Secrets Manager use MalformedPolicyDocumentException.
 */
export function parsePolicy(
  json: string,
  kind: PolicyKind,
  errorCode = 'MalformedPolicyDocument',
  opts: ParseOptions = {},
): Policy {
  const r = tryParsePolicy(json, kind, opts);
  if (!r.ok) throw new AwsError(errorCode, r.message);
  return r.policy;
}

/** For tests and memory pressure. */
export function clearPolicyCache(): void {
  caches.clear();
  cached = 0;
}
