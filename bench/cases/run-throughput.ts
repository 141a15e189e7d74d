import { call, describeFailure, CallFailed, signCall, type Call, type Reply } from '../aws-call.js';
import type { CaseResult, RunStats, ServerLabel } from '../results.js';
import { cpuMicros, peakRssMiB, resetPeakRss, type Pinning } from '../targets/proc.js';
import type { ServerProcess } from '../targets/server-process.js';
import { runWrk, singleRequestScript } from '../wrk.js';
import { Fixtures } from './fixtures.js';
import type { ThroughputCase } from './throughput-cases.js';

export interface StubProcess extends ServerProcess {
  answerWith(reply: Reply, workUs?: number): Promise<void>;
}

export interface Lineup {
  coffer: ServerProcess;
  stub: StubProcess;
  moto?: ServerProcess;
  fixtures: Map<ServerProcess, Fixtures>;
}

export interface LoadOptions {
  rounds: number;
  seconds: number;
  warmupSeconds: number;
  connections: number;
  pin: Pinning;
  workDir: string;
  log: (line: string) => void;
}

/** One timed wrk run with the server's CPU time around it. */
export async function timedRun(server: ServerProcess, script: string, seconds: number, connections: number, pin: Pinning): Promise<RunStats> {
  const before = cpuMicros(server.pid);
  const w = await runWrk({ host: server.endpoint.host, script, seconds, connections, pin });
  const used = cpuMicros(server.pid) - before;
  return { ...w, cpuUsPerReq: w.requests > 0 ? used / w.requests : NaN };
}

export function failureReason(err: unknown): string {
  if (err instanceof CallFailed) return `${err.what} answers ${describeFailure(err.reply)}`;
  return err instanceof Error ? err.message.split('\n')[0]! : String(err);
}

interface Prepared {
  server: ServerProcess;
  call: Call;
  reply: Reply;
}

async function prepare(c: ThroughputCase, server: ServerProcess, f: Fixtures): Promise<Prepared | string> {
  let measured: Call;
  try {
    measured = await c.prepare(f);
  } catch (err) {
    return `not available: ${failureReason(err)}`;
  }
  const reply = await call(server.endpoint, measured);
  if (reply.status !== 200) return `not available: ${measured.service}:${measured.action} answers ${describeFailure(reply)}`;
  return { server, call: measured, reply };
}

export async function runThroughputCase(c: ThroughputCase, lineup: Lineup, o: LoadOptions): Promise<CaseResult> {
  const result: CaseResult = { id: c.id, title: c.title, servers: [], goals: c.goals, notes: [] };
  const contenders: { label: ServerLabel; server: ServerProcess; call: Call }[] = [];
  const coffer = await prepare(c, lineup.coffer, lineup.fixtures.get(lineup.coffer)!);
  const moto = lineup.moto ? await prepare(c, lineup.moto, lineup.fixtures.get(lineup.moto)!) : 'moto_server not installed';
  const entry = (label: ServerLabel, p: Prepared | string): void => {
    if (typeof p === 'string') {
      result.servers.push({ server: label, runs: [], unavailable: p, notes: [] });
    } else {
      contenders.push({ label, server: p.server, call: p.call });
      result.servers.push({ server: label, runs: [], notes: [] });
    }
  };
  entry('coffer', coffer);
  // The stub answers exactly what coffer answered (size and headers); if coffer cannot
  // answer yet, moto's answer stands in so the other two columns still mean something.
  const model = typeof coffer !== 'string' ? coffer : typeof moto !== 'string' ? moto : undefined;
  if (model) {
    await lineup.stub.answerWith(model.reply);
    contenders.push({ label: 'stub', server: lineup.stub, call: model.call });
    result.servers.push({
      server: 'stub',
      runs: [],
      notes: [model === coffer ? `answers ${Buffer.byteLength(model.reply.body)} B, as coffer` : `answers ${Buffer.byteLength(model.reply.body)} B, as moto (coffer has no answer yet)`],
    });
  } else {
    result.servers.push({ server: 'stub', runs: [], unavailable: 'no server answers this case yet', notes: [] });
  }
  entry('moto', moto);
  if (contenders.length === 0) return result;

  const script = (k: (typeof contenders)[number], tag: string): string =>
    singleRequestScript(o.workDir, `${c.id}-${k.label}-${tag}`, signCall(k.server.endpoint, k.call));
  if (o.warmupSeconds > 0) {
    for (const k of contenders) await timedRun(k.server, script(k, 'warm'), o.warmupSeconds, o.connections, o.pin);
  }
  const peakReset = new Map(contenders.map((k) => [k.label, resetPeakRss(k.server.pid)]));
  for (let round = 1; round <= o.rounds; round++) {
    for (const k of contenders) {
      // Signed afresh for every run, so every request is inside SigV4's 5-minute window.
      const stats = await timedRun(k.server, script(k, `r${round}`), o.seconds, o.connections, o.pin);
      result.servers.find((s) => s.server === k.label)!.runs.push(stats);
      const bad = stats.non2xx + stats.socketErrors;
      o.log(`  ${c.id} ${k.label.padEnd(6)} round ${round}/${o.rounds}: ${stats.rps.toFixed(0)} req/s, p50 ${stats.p50ms.toFixed(2)} ms${bad ? `, ${bad} failed` : ''}`);
    }
  }
  for (const k of contenders) {
    const s = result.servers.find((x) => x.server === k.label)!;
    s.peakRssMiB = peakRssMiB(k.server.pid);
    if (!peakReset.get(k.label)) s.notes.push('peak RSS is the process lifetime peak');
  }
  return result;
}
