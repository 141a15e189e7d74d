import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * PostgreSQL for tests: the machine's server (trust auth) unless
 * COFFER_TEST_POSTGRES_URL says otherwise. Each test gets its own schema, dropped
 * afterwards, so runs never see each other's data.
 */
export const PG_URL = process.env.COFFER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export const HOW_TO_RUN =
  'PostgreSQL tests skipped: no PostgreSQL reachable at ' +
  `${PG_URL.replace(/\/\/[^@/]*@/, '//')}. Start one on 127.0.0.1:5432 with trust auth and a database "test", ` +
  'or point COFFER_TEST_POSTGRES_URL at one (COFFER_REQUIRE_POSTGRES=1 makes a missing server fail instead).';

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3_000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const pgAvailable: boolean = await probe();
if (!pgAvailable) {
  if (process.env.COFFER_REQUIRE_POSTGRES === '1') throw new Error(HOW_TO_RUN.replace('skipped', 'required'));
  console.warn(HOW_TO_RUN);
}

export function uniqueSchema(label: string): string {
  return `coffer_test_${label}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** The test URL naming a schema, as an operator would write it. */
export function urlWithSchema(schema: string): string {
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return url.toString();
}

/** Runs SQL outside coffer (inspection, dropping schemas, killing connections). */
export async function adminQuery<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema: string): Promise<void> {
  await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
}

/** Polls until `check` holds; gives up (failing the test) after a generous bound. */
export async function eventually(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 1000; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`still waiting for ${what}`);
}
