import { tryParsePolicy } from '../../iam/index.js';
import { AwsError } from '../../protocol/errors.js';

const malformed = (message: string): AwsError => new AwsError('MalformedPolicyDocumentException', message);
const SYNTAX = 'This resource policy contains a syntax error.';

export const publicPolicy = (): AwsError =>
  new AwsError(
    'PublicPolicyException',
    'The BlockPublicPolicy parameter is set to true, and the resource policy did not prevent broad access to the secret.',
  );

type Json = unknown;
interface Statement {
  Effect?: Json;
  Principal?: Json;
  NotPrincipal?: Json;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Condition?: Json;
}

/**
 * Structural check of a secret's resource policy: the principal forms a secret
 * policy may use, then the IAM engine's parser. Throws MalformedPolicyDocumentException.
 */
export function parseResourcePolicy(text: string): Statement[] {
  let doc: Json;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed(SYNTAX);
  }
  if (!isObject(doc)) throw malformed(SYNTAX);
  const allowedTop = new Set(['Version', 'Id', 'Statement']);
  if (Object.keys(doc).some((k) => !allowedTop.has(k))) throw malformed(SYNTAX);
  if (doc.Version !== undefined && doc.Version !== '2012-10-17' && doc.Version !== '2008-10-17') throw malformed(SYNTAX);
  const raw = doc.Statement;
  const statements = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  if (statements.length === 0) throw malformed(SYNTAX);
  for (const s of statements) {
    if (!isObject(s)) throw malformed(SYNTAX);
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw malformed(SYNTAX);
    if ((s.Action === undefined) === (s.NotAction === undefined)) throw malformed(SYNTAX);
    if (s.Principal === undefined && s.NotPrincipal === undefined) {
      throw malformed('This resource policy contains an unsupported principal.');
    }
    const principal = s.Principal ?? s.NotPrincipal;
    if (principal !== '*' && !isObject(principal)) throw malformed('This resource policy contains an unsupported principal.');
    if (isObject(principal)) {
      for (const [k, v] of Object.entries(principal)) {
        if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(k)) {
          throw malformed('This resource policy contains an unsupported principal.');
        }
        if (!strings(v)) throw malformed(SYNTAX);
      }
    }
    if (s.Condition !== undefined && !isObject(s.Condition)) throw malformed(SYNTAX);
  }
  // The IAM engine's grammar (actions, resources, condition operators) has the last word.
  if (!tryParsePolicy(text, 'resource').ok) throw malformed(SYNTAX);
  return statements as Statement[];
}

// Condition keys that pin a wildcard principal down to known callers.
const RESTRICTING_KEYS = [
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceip',
  'aws:userid',
  'aws:username',
  'aws:calledvia',
];

/** True when an Allow statement grants to everyone without a condition restricting who. */
export function grantsPublicAccess(statements: Statement[]): boolean {
  return statements.some((s) => s.Effect === 'Allow' && (isEveryone(s.Principal) || s.NotPrincipal !== undefined) && !restricts(s.Condition));
}

function isEveryone(p: Json): boolean {
  if (p === '*') return true;
  if (!isObject(p)) return false;
  const aws = p.AWS;
  return aws === '*' || (Array.isArray(aws) && aws.includes('*'));
}

function restricts(condition: Json): boolean {
  if (!isObject(condition)) return false;
  for (const [op, block] of Object.entries(condition)) {
    if (!isObject(block) || /^StringNot|^ArnNot|^NotIp|Null$/i.test(op.replace(/^For(All|Any)Values:/, ''))) continue;
    for (const [key, value] of Object.entries(block)) {
      if (!RESTRICTING_KEYS.includes(key.toLowerCase())) continue;
      const values = Array.isArray(value) ? value : [value];
      if (values.length > 0 && values.every((v) => typeof v === 'string' && v !== '*' && v !== '')) return true;
    }
  }
  return false;
}

function isObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function strings(v: Json): boolean {
  return typeof v === 'string' || (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'));
}
