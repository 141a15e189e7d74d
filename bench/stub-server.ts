import http from 'node:http';

/**
 * The raw stub: node:http reading the request body and answering with a fixed response
 * of the same size and headers as coffer's for the case being measured. No parsing, no
 * signature check, no crypto, no storage: what any Node server pays before doing work.
 * Told to, it also spins for a fixed time per request (see cases/headroom.ts).
 */
const port = Number(process.argv[2] ?? 0);
let status = 200;
let headers: Record<string, string> = { 'content-type': 'application/x-amz-json-1.1' };
let body = Buffer.from('{}');
// CPU time spent per request before answering (the headroom case): what a server doing that
// much work of its own on top of node:http would answer.
let workNs = 0n;

function work(): void {
  if (workNs === 0n) return;
  const until = process.hrtime.bigint() + workNs;
  while (process.hrtime.bigint() < until);
}

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    if (req.url === '/__stub/response') {
      const cfg = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { status: number; headers: Record<string, string>; body: string; workUs?: number };
      status = cfg.status;
      workNs = BigInt(Math.round((cfg.workUs ?? 0) * 1000));
      headers = {};
      for (const [k, v] of Object.entries(cfg.headers)) {
        if (k === 'content-type' || k.startsWith('x-amz')) headers[k] = v;
      }
      body = Buffer.from(cfg.body, 'utf8');
      res.writeHead(204).end();
      return;
    }
    work();
    res.writeHead(status, { ...headers, 'content-length': String(body.length) });
    res.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => process.stdout.write('stub ready\n'));
process.once('SIGTERM', () => process.exit(0));
