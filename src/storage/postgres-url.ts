/**
 * A coffer PostgreSQL location is an ordinary libpq-style URL plus an optional
 * `schema` query parameter naming where coffer's tables live, e.g.
 * postgres://coffer@db.internal:5432/coffer?schema=coffer.
 */
export interface PostgresLocation {
  /** The URL handed to `pg`, without `schema`. */
  connectionString: string;
  /** From `?schema=`; undefined means the connection's current_schema(). */
  schema: string | undefined;
  /** host:port/database, for messages (never the password). */
  display: string;
}

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function parsePostgresUrl(location: string): PostgresLocation {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    // Keep the input out of the message: it may carry a password.
    throw new Error('invalid PostgreSQL URL (expected postgres://user@host:port/database)');
  }
  if (!isPostgresUrl(location)) {
    throw new Error(`invalid PostgreSQL URL: scheme must be postgres:// or postgresql://, not ${url.protocol}//`);
  }
  const schema = url.searchParams.get('schema') ?? undefined;
  url.searchParams.delete('schema');
  if (schema !== undefined) validateSchemaName(schema);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || '(default database)';
  return {
    connectionString: url.toString(),
    schema,
    display: `${url.hostname || 'localhost'}:${url.port || '5432'}/${database}`,
  };
}

export function validateSchemaName(schema: string): void {
  // Quoted identifiers allow almost anything; a plain name keeps operators' lives simple.
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `invalid PostgreSQL schema name "${schema}": use letters, digits and underscores, starting with a letter or underscore (at most 63)`,
    );
  }
}

/** A double-quoted SQL identifier. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
