import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TestServer } from '../helpers/server.js';
import { CLI } from '../helpers/server.js';
import { adminQuery } from './pg-test-db.js';

const run = promisify(execFile);

/** Real coffer processes on one schema: one root key, one data directory for the admin credentials. */
export interface Cluster {
  url: string;
  schema: string;
  rootKey: string;
  dataDir: string;
  nodes: TestServer[];
  start(env?: Record<string, string>): Promise<TestServer>;
}

/** Every stored record as the database holds it (sealed), value in hex. */
export async function rawRecords(schema: string): Promise<Map<string, string>> {
  const rows = await adminQuery<{ key: string; v: string }>(`SELECT key, encode(value, 'hex') AS v FROM "${schema}".coffer_kv`);
  return new Map(rows.map((r) => [r.key, r.v]));
}

/** The keyring term a sealed record names in its header ([format][term u32]...). */
export function sealedTerm(hex: string): number {
  return Buffer.from(hex, 'hex').readUInt32BE(1);
}

/** `coffer operator rotate-keyring` against the cluster's database; returns the new term. */
export async function rotateKeyring(cluster: Cluster): Promise<number> {
  const { stdout } = await run(process.execPath, [CLI, 'operator', 'rotate-keyring', '--data', cluster.dataDir, '--storage', cluster.url], {
    env: { ...process.env, COFFER_ROOT_KEY: cluster.rootKey },
  });
  const m = /term (\d+) is now current/.exec(stdout);
  if (!m) throw new Error(`unexpected rotate-keyring output: ${stdout}`);
  return Number(m[1]);
}
