import path from 'node:path';
import http from 'node:http';
import type { Reply } from '../aws-call.js';
import { freePort, type Pinning } from './proc.js';
import { BENCH_DIST, exitWatch, launch, stopper, type ServerProcess } from './server-process.js';

/** The raw node:http stub (stub-server.ts): the ceiling for a Node server on this machine. */
export async function startStub(pin: Pinning): Promise<ServerProcess & { answerWith(reply: Reply, workUs?: number): Promise<void> }> {
  const port = await freePort();
  const child = launch([...pin.server, process.execPath, path.join(BENCH_DIST, 'stub-server.js'), String(port)], undefined);
  let out = '';
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      if (out.includes('stub ready')) resolve();
    });
  });
  child.stderr!.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const died = exitWatch(child, 'stub', () => out);
  await Promise.race([ready, died]);
  void died.catch(() => undefined);
  const host = `127.0.0.1:${port}`;
  return {
    kind: 'stub',
    pid: child.pid!,
    endpoint: { host, credentials: { accessKeyId: 'stub', secretAccessKey: 'stub' }, region: 'us-east-1' },
    stop: stopper(child),
    answerWith: (reply, workUs = 0) =>
      new Promise((resolve, reject) => {
        const body = JSON.stringify({ status: reply.status, headers: reply.headers, body: reply.body, workUs });
        const req = http.request({ host: '127.0.0.1', port, method: 'PUT', path: '/__stub/response' }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 204 ? resolve() : reject(new Error(`stub config: ${res.statusCode}`))));
        });
        req.on('error', reject);
        req.end(body);
      }),
  };
}
