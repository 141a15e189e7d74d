import { execFile, execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { call, describeFailure, signCall, type Call } from '../aws-call.js';
import type { CaseResult, RunStats, ServerLabel, ServerResult } from '../results.js';
import { peakRssMiB, resetPeakRss } from '../targets/proc.js';
import { BENCH_DIST, type ServerProcess } from '../targets/server-process.js';
import { requestListScript, singleRequestScript } from '../wrk.js';
import { timedRun, type LoadOptions, type StubProcess } from './run-throughput.js';

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

export interface CreateSecretResult extends CaseResult {
  /** CreateSecrets per SQLite commit in coffer's measured runs (from its metrics). */
  writesPerCommit?: number;
  /** What a durable CreateSecret cannot do without, measured alone on the server core (create-floor.ts). */
  floor?: { what: string; us: number }[];
}

/** coffer's group-commit counters (/_coffer/metrics). */
async function commitCounters(server: ServerProcess): Promise<{ commits: number; writes: number } | undefined> {
  try {
    const text = await (await fetch(`http://${server.endpoint.host}/_coffer/metrics`)).text();
    const read = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
    const counters = { commits: read('coffer_storage_commits_total'), writes: read('coffer_storage_committed_writes_total') };
    return Number.isFinite(counters.commits) && Number.isFinite(counters.writes) ? counters : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Durable CreateSecret: every request a new secret (so a list of pre-signed requests,
 * each sent once), against a raw better-sqlite3 loop committing one insert per
 * transaction with synchronous=FULL, at the same concurrency, in the same run; the stub
 * answering coffer's answer gives the HTTP exchange's share, and create-floor.ts the rest
 * of what the call cannot do without.
 */
export async function runCreateSecretCase(
  servers: { coffer: ServerProcess; stub?: StubProcess; moto?: ServerProcess },
  runId: string,
  o: LoadOptions,
): Promise<CreateSecretResult> {
  const result: CreateSecretResult = {
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
      if (label === 'coffer' && servers.stub) {
        // The stub answers what coffer answered, to the same requests: the HTTP exchange alone.
        await servers.stub.answerWith(probe);
        contenders.push({ label: 'stub', server: servers.stub, estimate: 0 });
        result.servers.push({ server: 'stub', runs: [], notes: [`answers ${Buffer.byteLength(probe.body)} B, as coffer`] });
      }
    }
  }
  const sqliteDb = path.join(o.workDir, 'sqlite-loop.db');
  result.servers.push({ server: 'sqlite loop', runs: [], notes: [] }, { server: 'sqlite loop (1 conn)', runs: [], notes: [] });

  // Each run gets enough distinct signed requests for twice the rate seen so far.
  const runOn = async (k: (typeof contenders)[number], seconds: number, tag: string): Promise<RunStats> => {
    if (k.label === 'stub') {
      // The stub stores nothing: one signed CreateSecret, replayed.
      const script = singleRequestScript(o.workDir, `create-stub-${tag}`, signCall(k.server.endpoint, createCall(`bench/create-${runId}/stub`)));
      return timedRun(k.server, script, seconds, o.connections, o.pin);
    }
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
  const commits = { commits: 0, writes: 0, known: true };
  for (let round = 1; round <= o.rounds; round++) {
    for (const k of contenders) {
      const before = k.label === 'coffer' ? await commitCounters(k.server) : undefined;
      record(k.label, await runOn(k, o.seconds, `r${round}`), round);
      if (k.label !== 'coffer') continue;
      const after = await commitCounters(k.server);
      if (before && after) {
        commits.commits += after.commits - before.commits;
        commits.writes += after.writes - before.writes;
      } else {
        commits.known = false;
      }
    }
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
  if (commits.known && commits.commits > 0) {
    result.writesPerCommit = commits.writes / commits.commits;
    result.servers.find((x) => x.server === 'coffer')!.notes.push(`${result.writesPerCommit.toFixed(1)} CreateSecrets per commit`);
  }
  const group = Math.max(1, Math.round(result.writesPerCommit ?? o.connections / 2));
  const command = [...o.pin.server, process.execPath, path.join(BENCH_DIST, 'create-floor.js'), JSON.stringify({ dir: o.workDir, group })];
  result.floor = JSON.parse(execFileSync(command[0]!, command.slice(1), { encoding: 'utf8' })) as { what: string; us: number }[];
  return result;
}
