import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * The durable-write baseline: better-sqlite3 in WAL mode with synchronous=FULL, one
 * INSERT per transaction, from `concurrency` connections at once (worker threads; SQLite
 * lets one of them write at a time). Each commit is on disk before the next starts on
 * that connection, which is what a server without group commit can do.
 * Prints one JSON line: { ops, seconds, rps, p50ms, p99ms, cpuUsPerOp, maxRssMiB }.
 */
interface Job {
  db: string;
  concurrency: number;
  seconds: number;
  rowBytes: number;
  prefix: string;
}

function open(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 30000');
  return db;
}

function worker(job: Job & { index: number }): void {
  const db = open(job.db);
  const insert = db.prepare('INSERT INTO records (k, v) VALUES (?, ?)');
  const once = db.transaction((k: string, v: Buffer) => insert.run(k, v));
  const value = randomBytes(job.rowBytes);
  parentPort!.once('message', (deadline: number) => {
    const lat: number[] = [];
    let n = 0;
    while (performance.timeOrigin + performance.now() < deadline) {
      const t = performance.now();
      once.immediate(`${job.prefix}/${job.index}/${n++}`, value);
      lat.push(performance.now() - t);
    }
    db.close();
    parentPort!.postMessage(Float64Array.from(lat));
  });
  parentPort!.postMessage('ready');
}

async function main(job: Job): Promise<void> {
  const setup = open(job.db);
  setup.exec('CREATE TABLE IF NOT EXISTS records (k TEXT PRIMARY KEY, v BLOB NOT NULL) WITHOUT ROWID');
  setup.close();
  const workers = Array.from({ length: job.concurrency }, (_, index) => new Worker(new URL(import.meta.url), { workerData: { ...job, index } }));
  await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deadline = performance.timeOrigin + t0 + job.seconds * 1000;
  const done = workers.map((w) => new Promise<Float64Array>((r) => w.once('message', r)));
  for (const w of workers) w.postMessage(deadline);
  const lats = await Promise.all(done);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const all = Float64Array.from(lats.flatMap((l) => Array.from(l))).sort();
  const pct = (p: number): number => (all.length ? all[Math.min(all.length - 1, Math.floor((p / 100) * all.length))]! : NaN);
  const ops = all.length;
  process.stdout.write(
    JSON.stringify({
      ops,
      seconds,
      rps: ops / seconds,
      p50ms: pct(50),
      p99ms: pct(99),
      cpuUsPerOp: (cpu.user + cpu.system) / ops,
      maxRssMiB: process.resourceUsage().maxRSS / 1024,
    }) + '\n',
  );
  await Promise.all(workers.map((w) => w.terminate()));
}

if (isMainThread) {
  await main(JSON.parse(process.argv[2] ?? '{}') as Job);
} else {
  worker(workerData as Job & { index: number });
}
