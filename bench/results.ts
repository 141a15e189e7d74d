import type { WrkResult } from './wrk.js';

/** One timed run against one server. */
export interface RunStats extends WrkResult {
  /** Server CPU (user + system, all threads) per completed request, microseconds. */
  cpuUsPerReq: number;
}

export type ServerLabel = 'coffer' | 'stub' | 'moto' | 'sqlite loop' | 'sqlite loop (1 conn)';

export interface ServerResult {
  server: ServerLabel;
  runs: RunStats[];
  /** VmHWM during this case, MiB (lifetime peak when the kernel cannot reset it). */
  peakRssMiB?: number;
  /** Set when the case could not be measured on this server, with the reason. */
  unavailable?: string;
  notes: string[];
}

export interface RatioGoal {
  against: ServerLabel;
  atLeast: number;
}

export interface CaseResult {
  id: string;
  title: string;
  servers: ServerResult[];
  goals: RatioGoal[];
  notes: string[];
}

export interface Measurement {
  what: string;
  value: string;
  target?: string;
  met?: boolean;
}

export function median(xs: number[]): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export interface Summary {
  rps: number;
  p50ms: number;
  p99ms: number;
  cpuUsPerReq: number;
  failed: number;
}

export function summarize(r: ServerResult): Summary | undefined {
  if (r.unavailable !== undefined || r.runs.length === 0) return undefined;
  return {
    rps: median(r.runs.map((x) => x.rps)),
    p50ms: median(r.runs.map((x) => x.p50ms)),
    p99ms: median(r.runs.map((x) => x.p99ms)),
    cpuUsPerReq: median(r.runs.map((x) => x.cpuUsPerReq)),
    failed: r.runs.reduce((a, x) => a + x.non2xx + x.socketErrors, 0),
  };
}

/** The other server's CPU per request over coffer's: what the req/s ratio would be if both were CPU-bound on an otherwise idle core. */
export function cpuRatio(c: CaseResult, against: ServerLabel): number | undefined {
  const mine = c.servers.find((s) => s.server === 'coffer');
  const theirs = c.servers.find((s) => s.server === against);
  const a = mine && summarize(mine);
  const b = theirs && summarize(theirs);
  if (!a || !b || a.failed > 0 || !(a.cpuUsPerReq > 0)) return undefined;
  return b.cpuUsPerReq / a.cpuUsPerReq;
}

/** coffer's median req/s over the other server's, both from this run. */
export function ratio(c: CaseResult, against: ServerLabel): number | undefined {
  const mine = c.servers.find((s) => s.server === 'coffer');
  const theirs = c.servers.find((s) => s.server === against);
  const a = mine && summarize(mine);
  const b = theirs && summarize(theirs);
  if (!a || !b || a.failed > 0 || b.rps === 0) return undefined;
  return a.rps / b.rps;
}
