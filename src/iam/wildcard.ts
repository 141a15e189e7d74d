import { parseTemplate, resolveTemplate, type Template, type TemplateOptions, type TemplatePart, type VariableLookup } from './variables.js';

/**
 * A compiled glob (* and ?), built once when a policy is parsed. Patterns that contain policy
 * variables keep their template and are resolved per request.
 */
export interface Glob {
  source: string;
  ignoreCase: boolean;
  template: Template;
  /** Undefined when the pattern has variables (compiled after resolution). */
  matcher: Matcher | undefined;
}

/** A run of literal characters where the listed positions match any single character. */
interface Chunk {
  s: string;
  wild: number[];
}

export type Matcher =
  | { k: 'any' }
  | { k: 'exact'; v: string }
  | { k: 'glob'; chunks: Chunk[]; star: boolean };

export interface GlobOptions extends Partial<TemplateOptions> {
  ignoreCase?: boolean;
}

export function compileGlob(source: string, opts: GlobOptions = {}): Glob {
  const ignoreCase = opts.ignoreCase ?? false;
  const template = parseTemplate(source, { wildcards: opts.wildcards ?? true, variables: opts.variables ?? false });
  const matcher = template.hasVariables ? undefined : buildMatcher(template.parts, ignoreCase);
  return { source, ignoreCase, template, matcher };
}

export function buildMatcher(parts: TemplatePart[], ignoreCase: boolean): Matcher {
  if (parts.length === 1 && parts[0]?.t === 'star') return { k: 'any' };
  const chunks: Chunk[] = [{ s: '', wild: [] }];
  let star = false;
  let plain = true;
  for (const p of parts) {
    const cur = chunks[chunks.length - 1] as Chunk;
    if (p.t === 'star') {
      star = true;
      plain = false;
      chunks.push({ s: '', wild: [] });
    } else if (p.t === 'any1') {
      plain = false;
      cur.wild.push(cur.s.length);
      cur.s += '?';
    } else if (p.t === 'lit') {
      cur.s += ignoreCase ? p.v.toLowerCase() : p.v;
    }
    // Unresolved variables never reach here: callers resolve templates first.
  }
  if (plain) return { k: 'exact', v: chunks[0]?.s ?? '' };
  return { k: 'glob', chunks, star };
}

function chunkAt(c: Chunk, s: string, at: number): boolean {
  if (c.wild.length === 0) return s.startsWith(c.s, at);
  if (at + c.s.length > s.length) return false;
  let w = 0;
  for (let i = 0; i < c.s.length; i++) {
    if (c.wild[w] === i) {
      w++;
      continue;
    }
    if (s.charCodeAt(at + i) !== c.s.charCodeAt(i)) return false;
  }
  return true;
}

function find(c: Chunk, s: string, from: number, end: number): number {
  if (c.wild.length === 0) {
    const i = s.indexOf(c.s, from);
    return i >= 0 && i + c.s.length <= end ? i : -1;
  }
  for (let i = from; i + c.s.length <= end; i++) if (chunkAt(c, s, i)) return i;
  return -1;
}

export function matcherMatches(m: Matcher, s: string): boolean {
  if (m.k === 'any') return true;
  if (m.k === 'exact') return s === m.v;
  const { chunks } = m;
  const head = chunks[0] as Chunk;
  if (!m.star) return s.length === head.s.length && chunkAt(head, s, 0);
  const tail = chunks[chunks.length - 1] as Chunk;
  if (!chunkAt(head, s, 0)) return false;
  let pos = head.s.length;
  const end = s.length - tail.s.length;
  if (end < pos || !chunkAt(tail, s, end)) return false;
  // Greedy leftmost placement of the middle chunks is exact for patterns with only * between them.
  for (let i = 1; i < chunks.length - 1; i++) {
    const c = chunks[i] as Chunk;
    if (c.s.length === 0) continue;
    const at = find(c, s, pos, end);
    if (at < 0) return false;
    pos = at + c.s.length;
  }
  return pos <= end;
}

/**
 * Does the glob match? Returns undefined when the pattern uses a policy variable that the request
 * cannot resolve.
 */
export function globMatches(g: Glob, subject: string, lookup?: VariableLookup): boolean | undefined {
  const s = g.ignoreCase ? subject.toLowerCase() : subject;
  if (g.matcher) return matcherMatches(g.matcher, s);
  const parts = resolveTemplate(g.template.parts, lookup ?? (() => undefined));
  if (!parts) return undefined;
  return matcherMatches(buildMatcher(parts, g.ignoreCase), s);
}

/** True when the pattern is only stars: it matches everything, even a resourceless request. */
export function isMatchAll(g: Glob): boolean {
  return g.matcher?.k === 'any';
}
