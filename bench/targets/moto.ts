import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { call, type Endpoint } from '../aws-call.js';
import { freePort, sleep, type Pinning } from './proc.js';
import { exitWatch, launch, stopper, tail, type ServerProcess } from './server-process.js';

export function findMoto(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v moto_server'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/** moto_server (the standalone emulator) on its own core; it does not check signatures. */
export async function startMoto(opts: { binary: string; logFile: string; pin: Pinning }): Promise<ServerProcess> {
  const port = await freePort();
  const child = launch([...opts.pin.server, opts.binary, '-H', '127.0.0.1', '-p', String(port)], opts.logFile);
  const died = exitWatch(child, 'moto_server', () => tail(opts.logFile));
  const endpoint: Endpoint = {
    host: `127.0.0.1:${port}`,
    credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    region: 'us-east-1',
  };
  const t0 = performance.now();
  const ready = (async () => {
    for (;;) {
      try {
        const r = await call(endpoint, { service: 'sts', action: 'GetCallerIdentity' });
        if (r.status === 200) return;
      } catch {
        // not listening yet
      }
      if (performance.now() - t0 > 60_000) throw new Error('moto_server not ready after 60 s');
      await sleep(50);
    }
  })();
  await Promise.race([ready, died]);
  void died.catch(() => undefined);
  return { kind: 'moto', pid: child.pid!, endpoint, stop: stopper(child) };
}
