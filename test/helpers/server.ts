import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = path.join(REPO_ROOT, 'dist/src/cli/main.js');

export interface ServerOptions {
  dev?: boolean;
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
}

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TestServer {
  endpoint: string;
  dataDir: string;
  account: string;
  credentials: Credentials;
  region: string;
  process: ChildProcess;
  logs(): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  advanceClock(seconds: number): Promise<void>;
}

export function readCredentials(file: string): Credentials {
  const text = fs.readFileSync(file, 'utf8');
  const get = (k: string): string => {
    const m = new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(text);
    if (!m) throw new Error(`${k} missing in ${file}`);
    return m[1]!;
  };
  return { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') };
}

/** Start a real coffer process on a free port in its own temp data dir. */
export async function startServer(opts: ServerOptions = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'coffer-test-'));
  let output = '';
  let child: ChildProcess;
  let endpoint = '';
  let account = '';

  const launch = async (): Promise<void> => {
    const args = [CLI, 'server', '--port', '0', '--data', dataDir, ...(opts.dev ? ['--dev'] : []), ...(opts.args ?? [])];
    child = spawn(process.execPath, args, {
      env: { ...process.env, COFFER_SWEEP_INTERVAL_MS: '3600000', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const from = output.length;
    const ready = new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer): void => {
        output += chunk.toString('utf8');
        const m = /coffer ready on (http:\/\/\S+) \(account (\d{12})/.exec(output.slice(from));
        if (m && !endpoint) {
          endpoint = m[1]!;
          account = m[2]!;
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      child.stderr!.on('data', (c: Buffer) => (output += c.toString('utf8')));
      child.once('exit', (code) => reject(new Error(`coffer exited with ${code} before it was ready:\n${output}`)));
      setTimeout(() => reject(new Error(`coffer not ready after 20s:\n${output}`)), 20_000).unref();
    });
    await ready;
  };

  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    await exited;
  };

  await launch();
  const server: TestServer = {
    get endpoint() {
      return endpoint;
    },
    dataDir,
    get account() {
      return account;
    },
    // Only the node that created the account has the file; read it when asked.
    get credentials() {
      return readCredentials(path.join(dataDir, 'admin-credentials'));
    },
    region: 'us-east-1',
    get process() {
      return child;
    },
    logs: () => output,
    stop,
    restart: async () => {
      await stop();
      endpoint = '';
      await launch();
    },
    advanceClock: async (seconds: number) => {
      const res = await fetch(`${endpoint}/_coffer/clock`, { method: 'POST', body: JSON.stringify({ advanceSeconds: seconds }) });
      if (!res.ok) throw new Error(`advanceClock failed: ${res.status} ${await res.text()}`);
    },
  };
  return server;
}
