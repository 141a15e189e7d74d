import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Endpoint } from '../aws-call.js';

export type TargetKind = 'coffer' | 'stub' | 'moto';

/** One server under test, running as its own (pinned) process. */
export interface ServerProcess {
  kind: TargetKind;
  pid: number;
  endpoint: Endpoint;
  stop(): Promise<void>;
}

/** Repository root, from dist/bench/targets/. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const BENCH_DIST = path.join(REPO_ROOT, 'dist', 'bench');

export function launch(command: string[], logFile: string | undefined, env: NodeJS.ProcessEnv = process.env): ChildProcess {
  const [cmd, ...args] = command;
  let stdio: StdioOptions = ['ignore', 'pipe', 'pipe'];
  if (logFile) {
    const fd = fs.openSync(logFile, 'a');
    stdio = ['ignore', fd, fd];
  }
  const child = spawn(cmd!, args, { stdio, env });
  if (logFile) fs.closeSync((stdio as number[])[1]!);
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  return child;
}

export function stopper(child: ChildProcess): () => Promise<void> {
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
  };
}

/** Rejects when the child exits, so waits for readiness fail fast. */
export function exitWatch(child: ChildProcess, what: string, log: () => string): Promise<never> {
  return new Promise((_, reject) => {
    child.once('exit', (code, signal) => reject(new Error(`${what} exited (${code ?? signal}) before it was ready:\n${log().slice(-2000)}`)));
  });
}

/** The file from byte `from` on. Only that part is read: the audit log before it can be gigabytes. */
export function tail(file: string, from = 0): string {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const size = fs.fstatSync(fd).size;
    if (size <= from) return '';
    const buf = Buffer.allocUnsafe(size - from);
    const n = fs.readSync(fd, buf, 0, buf.length, from);
    return buf.subarray(0, n).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
