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

type Matcher = (s: Filterable, value: string) => boolean;

const prefix = (field: (s: Filterable) => (string | undefined)[]): Matcher => (s, value) =>
  field(s).some((f) => f !== undefined && f.startsWith(value));

const prefixIgnoreCase = (field: (s: Filterable) => (string | undefined)[]): Matcher => (s, value) => {
  const v = value.toLowerCase();
  return field(s).some((f) => f !== undefined && f.toLowerCase().startsWith(v));
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

// Index records are replaced, never edited, on change: their word lists can be kept.
const wordCache = new WeakMap<Filterable, string[]>();

function wordsOf(s: Filterable): string[] {
  let have = wordCache.get(s);
  if (have === undefined) {
    have = [s.name, s.description, ...s.tags.map((t) => t.Key), ...s.tags.map((t) => t.Value), s.primaryRegion, s.owningService]
      .filter((x): x is string => x !== undefined)
      .flatMap(words);
    wordCache.set(s, have);
  }
  return have;
}

const allMatcher: Matcher = (s, value) => {
  const wanted = words(value);
  if (wanted.length === 0) return true;
  const have = wordsOf(s);
  return wanted.every((w) => have.some((h) => h.startsWith(w)));
};

const MATCHERS: Record<string, Matcher> = {
  name: prefix((s) => [s.name]),
  description: prefixIgnoreCase((s) => [s.description]),
  'tag-key': prefix((s) => s.tags.map((t) => t.Key)),
  'tag-value': prefix((s) => s.tags.map((t) => t.Value)),
  'primary-region': prefix((s) => [s.primaryRegion]),
  'owning-service': prefix((s) => [s.owningService]),
  all: allMatcher,
};

export interface CompiledFilter {
  matcher: Matcher;
  positive: string[];
  negative: string[];
}

/**
 * Values within one filter are ORed, filters are ANDed. A value starting with "!"
 * excludes what it matches; a filter of only negations keeps everything else.
 */
export function compileFilters(filters: readonly Filter[] | undefined): CompiledFilter[] {
  return (filters ?? []).map((f) => {
    const key = f.Key;
    if (key === undefined) throw invalidParameter('Invalid filter key');
    const matcher = MATCHERS[key];
    if (!matcher) throw invalidParameter('Invalid filter key');
    const values = f.Values ?? [];
    if (values.length === 0) throw invalidParameter('Invalid filter values');
    return {
      matcher,
      positive: values.filter((v) => !v.startsWith('!')),
      negative: values.filter((v) => v.startsWith('!')).map((v) => v.slice(1)),
    };
  });
}

export function matchesAll(s: Filterable, filters: readonly CompiledFilter[]): boolean {
  for (const f of filters) {
    if (f.negative.some((v) => f.matcher(s, v))) return false;
    if (f.positive.length > 0 && !f.positive.some((v) => f.matcher(s, v))) return false;
  }
  return true;
}
