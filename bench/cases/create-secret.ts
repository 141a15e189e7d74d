import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { call, describeFailure, signCall, type Call } from '../aws-call.js';
import type { CaseResult, RunStats, ServerLabel, ServerResult } from '../results.js';
import { peakRssMiB, resetPeakRss } from '../targets/proc.js';
import { BENCH_DIST, type ServerProcess } from '../targets/server-process.js';
import { requestListScript } from '../wrk.js';
import { timedRun, type LoadOptions } from './run-throughput.js';

const VALUE_BYTES = 256;

function createCall(name: string): Call {
  return {
    service: 'secretsmanager',
    action: 'CreateSecret',
    input: { Name: name, ClientRequestToken: randomUUID(), SecretString: randomBytes(VALUE_BYTES * 0.75).toString('base64') },
  };
}

interface SqliteRun {
  ops: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  cpuUsPerOp: number;
  maxRssMiB: number;
}

function sqliteLoop(o: LoadOptions, db: string, concurrency: number, seconds: number, prefix: string): Promise<SqliteRun> {
  const [cmd, ...pre] = [...o.pin.server, process.execPath];
  const job = { db, concurrency, seconds, rowBytes: VALUE_BYTES, prefix };
  return new Promise((resolve, reject) => {
    execFile(cmd!, [...pre, path.join(BENCH_DIST, 'sqlite-loop.js'), JSON.stringify(job)], (err, stdout, stderr) => {
      if (err) return reject(new Error(`sqlite loop failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout) as SqliteRun);
    });
  });
}

const asStats = (r: SqliteRun): RunStats => ({
  requests: r.ops,
  seconds: r.seconds,
  rps: r.rps,
  p50ms: r.p50ms,
  p99ms: r.p99ms,
  non2xx: 0,
  socketErrors: 0,
  cpuUsPerReq: r.cpuUsPerOp,
});

/**
 * Durable CreateSecret: every request a new secret (so a list of pre-signed requests,
 * each sent once), against a raw better-sqlite3 loop committing one insert per
 * transaction with synchronous=FULL, at the same concurrency, in the same run.
 */
export async function runCreateSecretCase(servers: { coffer: ServerProcess; moto?: ServerProcess }, runId: string, o: LoadOptions): Promise<CaseResult> {
  const result: CaseResult = {
    id: 'sm-create-secret-durable',
    title: `CreateSecret, durable (${VALUE_BYTES} B value)`,
    servers: [],
    goals: [
      { against: 'sqlite loop', atLeast: 1.0 },
      { against: 'sqlite loop (1 conn)', atLeast: 1.0 },
    ],
    notes: [`sqlite loop: WAL, synchronous=FULL, one INSERT of ${VALUE_BYTES} B per transaction, ${o.connections} connections (worker threads); "1 conn" is the same loop on one connection`],
  };
  let serial = 0;
  const contenders: { label: ServerLabel; server: ServerProcess; estimate: number }[] = [];
  const http: [ServerLabel, ServerProcess | undefined, number][] = [
    ['coffer', servers.coffer, 20_000],
    ['moto', servers.moto, 2_000],
  ];
  for (const [label, server, estimate] of http) {
    if (!server) {
      result.servers.push({ server: label, runs: [], unavailable: 'moto_server not installed', notes: [] });
      continue;
    }
    const probe = await call(server.endpoint, createCall(`bench/create-${runId}/probe`));
    if (probe.status !== 200) {
      result.servers.push({ server: label, runs: [], unavailable: `not available: secretsmanager:CreateSecret answers ${describeFailure(probe)}`, notes: [] });
    } else {
      contenders.push({ label, server, estimate });
      result.servers.push({ server: label, runs: [], notes: [] });
    }
  }
  const sqliteDb = path.join(o.workDir, 'sqlite-loop.db');
  result.servers.push({ server: 'sqlite loop', runs: [], notes: [] }, { server: 'sqlite loop (1 conn)', runs: [], notes: [] });

  // Each run gets enough distinct signed requests for twice the rate seen so far.
  const runOn = async (k: (typeof contenders)[number], seconds: number, tag: string): Promise<RunStats> => {
    const count = Math.ceil(k.estimate * seconds * 2) + 500;
    const reqs = Array.from({ length: count }, () => signCall(k.server.endpoint, createCall(`bench/create-${runId}/${k.label}-${serial++}`)));
    const stats = await timedRun(k.server, requestListScript(o.workDir, `create-${k.label}-${tag}`, reqs), seconds, o.connections, o.pin);
    k.estimate = Math.max(k.estimate / 4, stats.rps);
    return stats;
  };
  if (o.warmupSeconds > 0) {
    for (const k of contenders) await runOn(k, o.warmupSeconds, 'warm');
    await sqliteLoop(o, sqliteDb, o.connections, o.warmupSeconds, `warm`);
  }
  const peakReset = new Map(contenders.map((k) => [k.label, resetPeakRss(k.server.pid)]));
  const record = (label: ServerLabel, stats: RunStats, round: number): void => {
    result.servers.find((s: ServerResult) => s.server === label)!.runs.push(stats);
    const bad = stats.non2xx + stats.socketErrors;
    o.log(`  ${result.id} ${label.padEnd(6)} round ${round}/${o.rounds}: ${stats.rps.toFixed(0)} req/s, p50 ${stats.p50ms.toFixed(2)} ms${bad ? `, ${bad} failed` : ''}`);
  };
  const sqlitePeak = new Map<ServerLabel, number>();
  for (let round = 1; round <= o.rounds; round++) {
    for (const k of contenders) record(k.label, await runOn(k, o.seconds, `r${round}`), round);
    const many = await sqliteLoop(o, sqliteDb, o.connections, o.seconds, `r${round}c`);
    record('sqlite loop', asStats(many), round);
    const one = await sqliteLoop(o, sqliteDb, 1, o.seconds, `r${round}s`);
    record('sqlite loop (1 conn)', asStats(one), round);
    sqlitePeak.set('sqlite loop', Math.max(sqlitePeak.get('sqlite loop') ?? 0, many.maxRssMiB));
    sqlitePeak.set('sqlite loop (1 conn)', Math.max(sqlitePeak.get('sqlite loop (1 conn)') ?? 0, one.maxRssMiB));
  }
  for (const [label, peak] of sqlitePeak) result.servers.find((x) => x.server === label)!.peakRssMiB = peak;
  for (const k of contenders) {
    const s = result.servers.find((x) => x.server === k.label)!;
    s.peakRssMiB = peakRssMiB(k.server.pid);
    if (!peakReset.get(k.label)) s.notes.push('peak RSS is the process lifetime peak');
  }
  return result;
}
