// Java regular expressions (as AWS's validators run them) -> JavaScript u-flag sources.
// Used by scripts/codegen.mjs; the result is stored in the generated models as `regex`.

// Identity escapes a u-flag JS regex accepts; any other escaped punctuation is a plain literal.
const JS_SYNTAX_CHARS = new Set('^$\\.*+?()[]{}|/');
const GENERAL_CATEGORIES = new Set([
  'L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps',
  'Pe', 'Pi', 'Pf', 'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co', 'Cn', 'Cs',
]);
// Java's \s without UNICODE_CHARACTER_CLASS: [ \t\n\x0B\f\r] (JS's \s also matches Unicode spaces).
const JAVA_SPACE = '\\t\\n\\x0B\\f\\r ';
// Java's '.' excludes \u0085 too, JS's does not.
const JAVA_DOT = '[^\\n\\r\\u0085\\u2028\\u2029]';

/**
 * Translates a Java regex (as used by AWS's validators) into a JS u-flag source with the same
 * meaning. Returns { source } or { reason } when the pattern uses something without a faithful
 * JS equivalent (possessive quantifiers, atomic groups, inline flags, class intersections ...).
 * Note that Java's \uXXXX takes exactly four hex digits, exactly like JS's in u mode, so a
 * model's "\u10000" keeps Java's meaning (\u1000 followed by "0").
 */
export function translateJavaPattern(p) {
  let out = '';
  let inClass = false;
  let i = 0;
  const fail = (reason) => ({ reason });
  while (i < p.length) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1];
      if (n === undefined) return fail('trailing backslash');
      if (n === 'u') {
        const hex = p.slice(i + 2, i + 6);
        if (!/^[0-9A-Fa-f]{4}$/.test(hex)) return fail('malformed \\u escape');
        out += '\\u' + hex;
        i += 6;
        continue;
      }
      if (n === 'x') {
        const hex = p.slice(i + 2, i + 4);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) return fail('unsupported \\x escape');
        out += '\\x' + hex;
        i += 4;
        continue;
      }
      if (n === 'p' || n === 'P') {
        let name;
        let len;
        if (p[i + 2] === '{') {
          const end = p.indexOf('}', i + 3);
          if (end < 0) return fail('malformed \\p escape');
          name = p.slice(i + 3, end);
          len = end + 1 - i;
        } else {
          name = p[i + 2];
          len = 3;
        }
        if (name?.startsWith('Is') && GENERAL_CATEGORIES.has(name.slice(2))) name = name.slice(2);
        if (!GENERAL_CATEGORIES.has(name)) return fail(`unsupported \\${n}{${name}}`);
        out += `\\${n}{${name}}`;
        i += len;
        continue;
      }
      if (n === 's') { out += inClass ? JAVA_SPACE : `[${JAVA_SPACE}]`; i += 2; continue; }
      if (n === 'S') {
        if (inClass) return fail('\\S inside a character class');
        out += `[^${JAVA_SPACE}]`;
        i += 2;
        continue;
      }
      if ('dDwW'.includes(n)) { out += '\\' + n; i += 2; continue; }
      if ('bB'.includes(n)) {
        if (inClass) return fail('\\b inside a character class');
        out += '\\' + n;
        i += 2;
        continue;
      }
      if ('tnrf'.includes(n)) { out += '\\' + n; i += 2; continue; }
      if (n === 'a') { out += '\\x07'; i += 2; continue; }
      if (n === 'e') { out += '\\x1B'; i += 2; continue; }
      if (/[1-9]/.test(n) && !inClass) { out += '\\' + n; i += 2; continue; }
      if (/[A-Za-z0-9]/.test(n)) return fail(`unsupported escape \\${n}`);
      if (JS_SYNTAX_CHARS.has(n) || (inClass && n === '-')) out += '\\' + n;
      else out += n;
      i += 2;
      continue;
    }
    if (inClass) {
      if (c === '[') return fail('nested character class');
      if (c === '&' && p[i + 1] === '&') return fail('character class intersection');
      if (c === ']') inClass = false;
      out += c;
      i += 1;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += '[';
      i += 1;
      if (p[i] === '^') { out += '^'; i += 1; }
      if (p[i] === ']') return fail('leading ] in a character class');
      continue;
    }
    if (c === '(' && p[i + 1] === '?') {
      const rest = p.slice(i + 2);
      if (/^(?:[:=!]|<[=!])/.test(rest)) { out += c; i += 1; continue; }
      return fail('unsupported group construct (?' + (rest[0] ?? '') + '');
    }
    if ((c === '*' || c === '+' || c === '?' || c === '}') && p[i + 1] === '+') return fail('possessive quantifier');
    if (c === '.') { out += JAVA_DOT; i += 1; continue; }
    out += c;
    i += 1;
  }
  if (inClass) return fail('unterminated character class');
  try {
    new RegExp(`^(?:${out})$`, 'u');
  } catch (e) {
    return fail(`not a valid JS regex after translation: ${e.message}`);
  }
  return { source: out };
}
