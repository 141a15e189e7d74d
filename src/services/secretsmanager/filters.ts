import type { Filter } from '../../generated/secretsmanager-types.js';
import { invalidParameter } from './errors.js';

/** What a filter can see of a secret (metadata only). */
export interface Filterable {
  name: string;
  description?: string;
  tags: { Key?: string; Value?: string }[];
  primaryRegion?: string;
  owningService?: string;
}

/** A compiled filter value: does this secret match it? */
type Test = (s: Filterable) => boolean;
type Compile = (value: string) => Test;

// The tests run once per secret per ListSecrets (100k secrets: 100k calls): no arrays, no closures per call.
const startsWith = (field: (s: Filterable) => string | undefined): Compile => (value) => (s) => {
  const f = field(s);
  return f !== undefined && f.startsWith(value);
};

const tagStartsWith = (part: 'Key' | 'Value'): Compile => (value) => (s) => {
  const tags = s.tags;
  for (let i = 0; i < tags.length; i++) {
    const f = tags[i]![part];
    if (f !== undefined && f.startsWith(value)) return true;
  }
  return false;
};

const LOWER_DESCRIPTION = Symbol('lowerDescription');
type WithLower = Filterable & { [LOWER_DESCRIPTION]?: string };

/** The description in lower case, kept on the record (records are replaced, never edited). */
function lowerDescription(s: WithLower): string | undefined {
  if (s.description === undefined) return undefined;
  let have = s[LOWER_DESCRIPTION];
  if (have === undefined) {
    have = s.description.toLowerCase();
    Object.defineProperty(s, LOWER_DESCRIPTION, { value: have, enumerable: false, writable: true });
  }
  return have;
}

const descriptionPrefix: Compile = (value) => {
  const v = value.toLowerCase();
  return (s) => {
    const d = lowerDescription(s);
    return d !== undefined && d.startsWith(v);
  };
};

/**
 * AWS's "all" search: the query and every attribute are broken into words (at
 * punctuation and spaces, at lower-to-upper case changes and at letter/digit
 * changes); each query word must prefix some attribute word, case-insensitively.
 * "credsDatabase#892" looks for creds, database and 892.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const chunk of text.split(/[^A-Za-z0-9]+/)) {
    if (chunk === '') continue;
    for (const w of chunk.split(/(?<=[a-z])(?=[A-Z])|(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])/)) {
      if (w !== '') out.push(w.toLowerCase());
    }
  }
  return out;
}

// Index records are replaced, never edited, on change: their word lists can be kept
// on them, under a symbol (never serialized).
const WORDS = Symbol('words');
type WithWords = Filterable & { [WORDS]?: string };

/** The record's words, joined by a separator so one indexOf checks all of them. */
function wordsOf(s: WithWords): string {
  let have = s[WORDS];
  if (have === undefined) {
    const list = [s.name, s.description, ...s.tags.map((t) => t.Key), ...s.tags.map((t) => t.Value), s.primaryRegion, s.owningService]
      .filter((x): x is string => x !== undefined)
      .flatMap(words);
    have = `\u0000${list.join('\u0000')}`;
    Object.defineProperty(s, WORDS, { value: have, enumerable: false, writable: true });
  }
  return have;
}

const all: Compile = (value) => {
  // A word prefix is a match right after a separator.
  const wanted = words(value).map((w) => `\u0000${w}`);
  return (s) => {
    const have = wordsOf(s);
    return wanted.every((w) => have.includes(w));
  };
};

const COMPILERS: Record<string, Compile> = {
  name: (value) => (s) => s.name.startsWith(value),
  description: descriptionPrefix,
  'tag-key': tagStartsWith('Key'),
  'tag-value': tagStartsWith('Value'),
  'primary-region': startsWith((s) => s.primaryRegion),
  'owning-service': startsWith((s) => s.owningService),
  all,
};

export interface CompiledFilter {
  positive: Test[];
  negative: Test[];
}

/**
 * Values within one filter are ORed, filters are ANDed. A value starting with "!"
 * excludes what it matches; a filter of only negations keeps everything else.
 */
export function compileFilters(filters: readonly Filter[] | undefined): CompiledFilter[] {
  return (filters ?? []).map((f) => {
    const compile = f.Key === undefined ? undefined : COMPILERS[f.Key];
    if (!compile) throw invalidParameter('Invalid filter key');
    const values = f.Values ?? [];
    if (values.length === 0) throw invalidParameter('Invalid filter values');
    return {
      positive: values.filter((v) => !v.startsWith('!')).map(compile),
      negative: values.filter((v) => v.startsWith('!')).map((v) => compile(v.slice(1))),
    };
  });
}

export function matchesAll(s: Filterable, filters: readonly CompiledFilter[]): boolean {
  for (let i = 0; i < filters.length; i++) {
    const f = filters[i]!;
    for (let j = 0; j < f.negative.length; j++) if (f.negative[j]!(s)) return false;
    if (f.positive.length === 0) continue;
    let any = false;
    for (let j = 0; j < f.positive.length && !any; j++) any = f.positive[j]!(s);
    if (!any) return false;
  }
  return true;
}
