import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { rawHttp, type SignedRequest } from './sigv4.js';
import type { Pinning } from './targets/proc.js';

export interface WrkResult {
  requests: number;
  seconds: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
  socketErrors: number;
}

export function wrkVersion(): string | undefined {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'pipe' });
  } catch (err) {
    // wrk --version prints its banner and exits 1.
    const out = String((err as { stdout?: Buffer }).stdout ?? '');
    const m = /wrk (\S+)/.exec(out);
    if (m) return m[1];
    return undefined;
  }
  return 'unknown';
}

const luaString = (s: string): string => JSON.stringify(s);

/** A wrk script that replays one pre-signed request (the body is read from a file, unescaped). */
export function singleRequestScript(dir: string, name: string, req: SignedRequest): string {
  const bodyFile = path.join(dir, `${name}.body`);
  fs.writeFileSync(bodyFile, req.body);
  const lines = [`local f = assert(io.open(${luaString(bodyFile)}, "rb"))`, 'wrk.body = f:read("*a")', 'f:close()', 'wrk.method = "POST"', 'wrk.path = "/"'];
  for (const [k, v] of Object.entries(req.headers)) {
    // wrk.format adds "Host" itself unless that exact key is set.
    lines.push(`wrk.headers[${luaString(k === 'host' ? 'Host' : k)}] = ${luaString(v)}`);
  }
  const script = path.join(dir, `${name}.lua`);
  fs.writeFileSync(script, lines.join('\n') + '\n');
  return script;
}

/**
 * A wrk script that sends each of many pre-signed requests once, in order (for writes
 * that must be unique). When the list runs out it starts again; the repeats then fail
 * and show up as non-2xx answers, so a too-short list cannot go unnoticed.
 */
export function requestListScript(dir: string, name: string, reqs: SignedRequest[]): string {
  const dataFile = path.join(dir, `${name}.reqs`);
  fs.writeFileSync(dataFile, reqs.map(rawHttp).join('\0') + '\0');
  const script = path.join(dir, `${name}.lua`);
  fs.writeFileSync(
    script,
    [
      `local f = assert(io.open(${luaString(dataFile)}, "rb"))`,
      'local data = f:read("*a")',
      'f:close()',
      'local reqs = {}',
      'local pos = 1',
      'while true do',
      '  local e = string.find(data, "\\0", pos, true)',
      '  if not e then break end',
      '  reqs[#reqs + 1] = string.sub(data, pos, e - 1)',
      '  pos = e + 1',
      'end',
      'data = nil',
      'local i = 0',
      'request = function()',
      '  i = i + 1',
      '  if i > #reqs then i = 1 end',
      '  return reqs[i]',
      'end',
    ].join('\n') + '\n',
  );
  return script;
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  switch (unit) {
    case 'us':
      return n / 1000;
    case 'ms':
      return n;
    case 's':
      return n * 1000;
    case 'm':
      return n * 60_000;
    default:
      return NaN;
  }
}

export function parseWrk(out: string): WrkResult {
  const pct = (p: string): number => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? toMs(m[1]!, m[2]!) : NaN;
  };
  const done = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(out);
  const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  if (!done || !rps) throw new Error(`could not read wrk's output:\n${out}`);
  return {
    requests: Number(done[1]),
    seconds: toMs(done[2]!, done[3]!) / 1000,
    rps: Number(rps[1]),
    p50ms: pct('50'),
    p99ms: pct('99'),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
  };
}

export function runWrk(opts: { host: string; script: string; seconds: number; connections: number; pin: Pinning }): Promise<WrkResult> {
  const [cmd, ...pre] = [...opts.pin.load, 'wrk'];
  const args = [...pre, '-t1', '-c', String(opts.connections), '-d', `${Math.max(1, Math.round(opts.seconds))}s`, '--latency', '--timeout', '30s', '-s', opts.script, `http://${opts.host}/`];
  return new Promise((resolve, reject) => {
    execFile(cmd!, args, { maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`wrk failed: ${err.message}\n${stderr}`));
      try {
        resolve(parseWrk(stdout));
      } catch (e) {
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  });
}
