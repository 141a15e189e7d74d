/**
 * Several session policies (AssumeRole's Policy and PolicyArns) as one document: a session may
 * do what any of them allows and nothing any of them denies, which is what one document holding
 * all their statements says. Sids are dropped, as they need only be unique within one document.
 */
export function combineSessionPolicies(docs: readonly string[]): string {
  if (docs.length === 1) return docs[0] as string;
  const statements: unknown[] = [];
  for (const doc of docs) {
    const parsed = JSON.parse(doc) as { Statement?: unknown };
    const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
    for (const st of list) {
      if (st && typeof st === 'object') {
        const { Sid: _sid, ...rest } = st as Record<string, unknown>;
        statements.push(rest);
      }
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}
