/**
 * Policy strings as templates: literal text, the * and ? wildcards, and ${…} policy variables.
 * Variables exist only in Version 2012-10-17 documents; in older ones `${aws:username}` is literal
 * text, exactly as AWS treats it.
 */

export type TemplatePart =
  | { t: 'lit'; v: string }
  | { t: 'star' }
  | { t: 'any1' }
  | { t: 'var'; key: string; fallback: string | undefined };

export interface TemplateOptions {
  /** Treat * and ? as wildcards (Resource, Action, StringLike, ArnLike). */
  wildcards: boolean;
  /** Recognise ${…} (Version 2012-10-17 only). */
  variables: boolean;
}

export interface Template {
  parts: TemplatePart[];
  /** Lower-cased keys of variables without a default value. */
  required: string[];
  hasVariables: boolean;
}

// ${key} or ${key, 'default'}; AWS documents a comma and a space before the quoted default.
const VARIABLE_BODY = /^\s*([^\s,'{}$]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** Values a variable can resolve to; undefined when the key is missing or multi-valued. */
export type VariableLookup = (lowerKey: string) => string | undefined;

export function parseTemplate(text: string, opts: TemplateOptions): Template {
  const parts: TemplatePart[] = [];
  const required: string[] = [];
  let lit = '';
  let hasVariables = false;
  const flush = (): void => {
    if (lit !== '') parts.push({ t: 'lit', v: lit });
    lit = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (opts.variables && c === '$' && text[i + 1] === '{') {
      const end = text.indexOf('}', i + 2);
      if (end > 0) {
        const body = text.slice(i + 2, end);
        if (body === '*' || body === '?' || body === '$') {
          // ${*} ${?} ${$}: the literal character, never a wildcard.
          lit += body;
          i = end;
          continue;
        }
        const m = VARIABLE_BODY.exec(body);
        if (m) {
          flush();
          const key = (m[1] as string).toLowerCase();
          const fallback = m[2];
          parts.push({ t: 'var', key, fallback });
          if (fallback === undefined && !required.includes(key)) required.push(key);
          hasVariables = true;
          i = end;
          continue;
        }
      }
    }
    if (opts.wildcards && (c === '*' || c === '?')) {
      flush();
      const last = parts[parts.length - 1];
      if (c === '*') {
        // Consecutive stars mean the same as one.
        if (!last || last.t !== 'star') parts.push({ t: 'star' });
      } else {
        parts.push({ t: 'any1' });
      }
      continue;
    }
    lit += c;
  }
  flush();
  return { parts, required, hasVariables };
}

/**
 * Replace variables with their (literal) values. Returns undefined when a variable without a
 * default cannot be resolved.
 */
export function resolveTemplate(parts: TemplatePart[], lookup: VariableLookup): TemplatePart[] | undefined {
  const out: TemplatePart[] = [];
  for (const p of parts) {
    if (p.t !== 'var') {
      out.push(p);
      continue;
    }
    const v = lookup(p.key) ?? p.fallback;
    if (v === undefined) return undefined;
    const last = out[out.length - 1];
    if (last && last.t === 'lit') out[out.length - 1] = { t: 'lit', v: last.v + v };
    else out.push({ t: 'lit', v });
  }
  return out;
}

/** The template as plain text (no wildcards, variables resolved); undefined if unresolvable. */
export function templateText(parts: TemplatePart[], lookup: VariableLookup): string | undefined {
  let s = '';
  for (const p of parts) {
    if (p.t === 'lit') s += p.v;
    else if (p.t === 'star') s += '*';
    else if (p.t === 'any1') s += '?';
    else {
      const v = lookup(p.key) ?? p.fallback;
      if (v === undefined) return undefined;
      s += v;
    }
  }
  return s;
}
