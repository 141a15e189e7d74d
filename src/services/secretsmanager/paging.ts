import { invalidNextToken } from './errors.js';

/** Opaque NextToken: an offset bound to the query it continues. */
export function encodeToken(offset: number, query: string): string {
  return Buffer.from(JSON.stringify({ o: offset, q: query }), 'utf8').toString('base64');
}

export function decodeToken(token: string | undefined, query: string): number {
  if (token === undefined) return 0;
  try {
    const t = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { o?: unknown; q?: unknown };
    if (typeof t.o === 'number' && Number.isInteger(t.o) && t.o >= 0 && t.q === query) return t.o;
  } catch {
    // fall through
  }
  throw invalidNextToken();
}
