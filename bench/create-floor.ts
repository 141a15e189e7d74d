/**
 * The least work a durable CreateSecret needs, measured on its own on the server core: the
 * signature check, the five AES-256-GCM seals (the data key under the KMS key, the value under
 * the data key, the three rows under the storage barrier) and the three rows written through
 * coffer's own SQLite statements and settings, committed in groups with the WAL flushed to
 * disk once per group. Run by the CreateSecret case with the group size coffer reached there:
 *
 *   node dist/bench/create-floor.js '{"dir":"/tmp/x","group":7}'
 *
 * Prints one JSON array of { what, us } (CPU µs per secret, the least of several batches).
 */
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { newSid } from '../src/services/secretsmanager/sid.js';
import { namePath, secretPath, valuePath } from '../src/services/secretsmanager/paths.js';
import { configureWriter, migrate } from '../src/storage/sqlite-schema.js';
import { KvStatements } from '../src/storage/sqlite-statements.js';
import { cost, gcmSeal, SIGV4_WHAT, sigV4Check } from './floor.js';

const { dir, group } = JSON.parse(process.argv[2] ?? '{}') as { dir: string; group: number };

// Sizes as coffer stores a CreateSecret of the bench's 256 B value: the row's plaintext
// before the barrier adds its 33 B (name index 36, record 551, value envelope 700).
const ROWS = { name: 36, record: 551, value: 700 };
const SEALS = [32, 256, ROWS.name, ROWS.record, ROWS.value];

const plains = SEALS.map((n) => randomBytes(n));
function fiveSeals(): void {
  for (const p of plains) gcmSeal(p);
}

function rowsPerSecret(): number {
  const file = path.join(dir, 'create-floor.db');
  fs.closeSync(fs.openSync(file, 'w', 0o600));
  const db = new Database(file);
  configureWriter(db, true);
  migrate(db, file);
  const kv = new KvStatements(db);
  const begin = db.prepare('BEGIN IMMEDIATE');
  const commit = db.prepare('COMMIT');
  const wal = fs.openSync(`${file}-wal`, 'r+');
  const sealed = { name: randomBytes(ROWS.name + 33), record: randomBytes(ROWS.record + 33), value: randomBytes(ROWS.value + 33) };
  const [account, region] = ['000000000000', 'us-east-1'];
  let n = 0;
  const groupOf = (): void => {
    begin.run();
    for (let i = 0; i < group; i++) {
      const sid = newSid();
      const name = namePath(account, region, `bench/create/floor-${n++}`);
      // CreateSecret's transaction reads the name index first: a name is taken only once.
      kv.get(name);
      kv.put(name, sealed.name);
      kv.put(secretPath(account, region, sid), sealed.record);
      kv.put(valuePath(account, region, sid, sid), sealed.value);
    }
    commit.run();
    fs.fdatasyncSync(wal);
  };
  const groups = Math.ceil(6_000 / group);
  const perGroup = cost(groupOf, groups, 3);
  fs.closeSync(wal);
  db.close();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  return perGroup / group;
}

const rows = [
  { what: SIGV4_WHAT, us: cost(sigV4Check) },
  { what: `AES-256-GCM seals: the data key under the KMS key (32 B), the value under the data key (256 B), the three rows under the barrier (${ROWS.name}, ${ROWS.record}, ${ROWS.value} B)`, us: cost(fiveSeals, 20_000) },
  {
    what: `the three rows (name index under its SHA-256 key, record and value under time-ordered ids; ${ROWS.name + 33}, ${ROWS.record + 33}, ${ROWS.value + 33} B) through coffer's SQLite statements and settings, ${group} secrets per commit, one fdatasync of the WAL per commit`,
    us: rowsPerSecret(),
  },
];
process.stdout.write(JSON.stringify(rows) + '\n');
