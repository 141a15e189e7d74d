import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { startServer } from './helpers/server.js';

describe('graceful shutdown', () => {
  it('finishes a request in flight when SIGTERM arrives, then exits 0', async () => {
    const server = await startServer({ dev: true });
    const url = new URL(server.endpoint);
    const body = JSON.stringify({ NumberOfBytes: 32 });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { 'x-amz-target': 'TrentService.GenerateRandom', 'content-type': 'application/x-amz-json-1.1', 'content-length': body.length },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      // Half the body now, the rest after the signal: the request is in flight when it comes.
      req.write(body.slice(0, 5));
      setTimeout(() => {
        const exited = new Promise<number | null>((r) => server.process.once('exit', (code) => r(code)));
        server.process.kill('SIGTERM');
        setTimeout(() => req.end(body.slice(5)), 300);
        void exited.then((code) => (exitCode = code));
      }, 300);
    });
    let exitCode: number | null | undefined;
    const res = await answered;
    expect(res.status).toBe(200);
    expect(Buffer.from((JSON.parse(res.body) as { Plaintext: string }).Plaintext, 'base64')).toHaveLength(32);
    await new Promise<void>((r) => (server.process.exitCode !== null ? r() : server.process.once('exit', () => r())));
    expect(exitCode ?? server.process.exitCode).toBe(0);
  });
});
