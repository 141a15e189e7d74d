import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User + system CPU time the process (all its threads) has used so far, in microseconds. */
export function cpuMicros(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces and parentheses: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1e6) / clockTicks();
}

function statusKiB(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

/** Peak resident set size (VmHWM) in MiB. */
export const peakRssMiB = (pid: number): number => statusKiB(pid, 'VmHWM') / 1024;
export const rssMiB = (pid: number): number => statusKiB(pid, 'VmRSS') / 1024;

/**
 * Resets VmHWM to the current RSS (Linux >= 4.0, writing "5" to clear_refs), so each case
 * reports its own peak. Returns false where the kernel or permissions do not allow it;
 * the peak is then the process's lifetime peak.
 */
export function resetPeakRss(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

export interface Pinning {
  /** Command prefix that puts the server on its core ([] when not pinning). */
  server: string[];
  /** Command prefix for the load generator. */
  load: string[];
  description: string;
}

export function pinning(): Pinning {
  // The whole machine, not this process's affinity (which pinning itself changes).
  const cores = os.cpus().length;
  let taskset: boolean;
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    taskset = true;
  } catch {
    taskset = false;
  }
  if (!taskset || cores < 2) {
    return { server: [], load: [], description: `not pinned (${taskset ? `${cores} core` : 'no taskset'})` };
  }
  // The bench driver itself shares the load generator's core so it never steals from the server.
  try {
    execFileSync('taskset', ['-pc', '1', String(process.pid)], { stdio: 'ignore' });
  } catch {
    // Best effort: the driver is idle while wrk runs.
  }
  return { server: ['taskset', '-c', '0'], load: ['taskset', '-c', '1'], description: `server on core 0, load on core 1 (of ${cores})` };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
