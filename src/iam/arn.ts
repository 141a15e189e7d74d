import { compileGlob, globMatches, isMatchAll, type Glob } from './wildcard.js';
import type { VariableLookup } from './variables.js';

/** The six colon-separated parts of an ARN; the last (resource) part may itself contain colons. */
export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

export function parseArn(s: string): Arn | undefined {
  const p = splitArn(s, 6);
  if (p.length < 6 || p[0] !== 'arn') return undefined;
  return { partition: p[1] as string, service: p[2] as string, region: p[3] as string, account: p[4] as string, resource: p[5] as string };
}

// One evaluation splits the same resource ARN for every pattern it meets.
let lastSplit: { s: string; n: number; parts: string[] } | undefined;

/** Split at the first (n - 1) colons. The result is shared: do not modify it. */
export function splitArn(s: string, n: number): string[] {
  if (lastSplit && lastSplit.s === s && lastSplit.n === n) return lastSplit.parts;
  const parts = split(s, n);
  lastSplit = { s, n, parts };
  return parts;
}

function split(s: string, n: number): string[] {
  const out: string[] = [];
  let from = 0;
  while (out.length < n - 1) {
    const i = s.indexOf(':', from);
    if (i < 0) break;
    out.push(s.slice(from, i));
    from = i + 1;
  }
  out.push(s.slice(from));
  return out;
}

/** Same as splitArn, but a colon inside ${…} (a policy variable such as ${aws:username}) does not split. */
function splitPattern(s: string, n: number, variables: boolean): string[] {
  if (!variables || !s.includes('${')) return splitArn(s, n);
  const out: string[] = [];
  let from = 0;
  let depth = 0;
  for (let i = 0; i < s.length && out.length < n - 1; i++) {
    const c = s[i];
    if (c === '$' && s[i + 1] === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/**
 * A Resource / NotResource / ArnLike pattern. Wildcards match within one ARN segment, as AWS
 * documents ("within any ARN segment"), so `arn:aws:secretsmanager:*:111122223333:secret:*` cannot
 * be satisfied by an ARN of another account that happens to contain that text further right. A
 * pattern with fewer than six segments lets its last segment absorb the rest of the ARN.
 */
export interface ArnPattern {
  source: string;
  whole: Glob;
  /** Present when the pattern is an ARN (starts with "arn:"). */
  segments: Glob[] | undefined;
}

export function compileArnPattern(source: string, variables: boolean): ArnPattern {
  const whole = compileGlob(source, { variables });
  const segments = source.startsWith('arn:')
    ? splitPattern(source, 6, variables).map((seg) => compileGlob(seg, { variables }))
    : undefined;
  return { source, whole, segments };
}

/**
 * `subject` undefined stands for a resourceless action, which only "*" covers. Returns undefined
 * when the pattern needs a policy variable the request cannot resolve.
 */
export function arnMatches(p: ArnPattern, subject: string | undefined, lookup?: VariableLookup): boolean | undefined {
  if (isMatchAll(p.whole)) return true;
  if (subject === undefined) return false;
  if (!p.segments || !subject.startsWith('arn:')) return globMatches(p.whole, subject, lookup);
  const parts = splitArn(subject, p.segments.length);
  if (parts.length < p.segments.length) return false;
  for (let i = 0; i < p.segments.length; i++) {
    const m = globMatches(p.segments[i] as Glob, parts[i] as string, lookup);
    if (m !== true) return m;
  }
  return true;
}

/** The account a principal or resource ARN belongs to, if it names one. */
export function arnAccount(s: string): string | undefined {
  const a = parseArn(s);
  return a && /^\d{12}$/.test(a.account) ? a.account : undefined;
}
