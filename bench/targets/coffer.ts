import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { call, type Endpoint } from '../aws-call.js';
import type { Credentials } from '../sigv4.js';
import { freePort, sleep, type Pinning } from './proc.js';
import { exitWatch, launch, REPO_ROOT, stopper, tail, type ServerProcess } from './server-process.js';

export const COFFER_CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli', 'main.js');

export interface CofferStart {
  server: ServerProcess;
  /** Spawn to the "coffer ready" line, ms. */
  readyLineMs: number;
  /** Spawn to the answer of the first signed request (GetCallerIdentity), ms. */
  firstServedMs: number;
}

export function readCredentials(dataDir: string): Credentials {
  const text = fs.readFileSync(path.join(dataDir, 'admin-credentials'), 'utf8');
  const get = (k: string): string => {
    const m = new RegExp(`^${k}\\s*=\\s*(\\S+)`, 'm').exec(text);
    if (!m) throw new Error(`${k} missing in ${dataDir}/admin-credentials`);
    return m[1]!;
  };
  return { accessKeyId: get('aws_access_key_id'), secretAccessKey: get('aws_secret_access_key') };
}

/**
 * coffer as users run it: secure mode (SigV4 verified), SQLite in dataDir, audit lines on,
 * stdout appended to a log file rather than a terminal.
 */
export async function startCoffer(opts: { dataDir: string; logFile: string; pin: Pinning; nodeArgs?: string[]; serverArgs?: string[] }): Promise<CofferStart> {
  const port = await freePort();
  fs.mkdirSync(opts.dataDir, { recursive: true });
  const offset = fs.existsSync(opts.logFile) ? fs.statSync(opts.logFile).size : 0;
  const command = [...opts.pin.server, process.execPath, ...(opts.nodeArgs ?? []), COFFER_CLI, 'server', '--port', String(port), '--data', opts.dataDir, ...(opts.serverArgs ?? [])];
  const t0 = performance.now();
  const child = launch(command, opts.logFile, { ...process.env, COFFER_SWEEP_INTERVAL_MS: process.env.COFFER_SWEEP_INTERVAL_MS ?? '60000' });
  const died = exitWatch(child, 'coffer', () => tail(opts.logFile, offset));
  const ready = (async () => {
    for (;;) {
      const out = tail(opts.logFile, offset);
      const m = /coffer ready on http:\/\/(\S+) \(account/.exec(out);
      if (m) return m[1]!;
      if (performance.now() - t0 > 30_000) throw new Error(`coffer not ready after 30 s:\n${out.slice(-2000)}`);
      await sleep(1);
    }
  })();
  const host = await Promise.race([ready, died]);
  const readyLineMs = performance.now() - t0;
  const endpoint: Endpoint = { host, credentials: readCredentials(opts.dataDir), region: 'us-east-1' };
  const reply = await Promise.race([call(endpoint, { service: 'sts', action: 'GetCallerIdentity' }), died]);
  const firstServedMs = performance.now() - t0;
  const stop = stopper(child);
  if (reply.status !== 200) {
    await stop();
    throw new Error(`coffer's first GetCallerIdentity failed: HTTP ${reply.status} ${reply.body.slice(0, 300)}`);
  }
  void died.catch(() => undefined);
  return { server: { kind: 'coffer', pid: child.pid!, endpoint, stop }, readyLineMs, firstServedMs };
}
