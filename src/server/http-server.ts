import http from 'node:http';
import type { Dispatcher, WireRequest } from '../protocol/dispatcher.js';
import type { WireResponse } from '../protocol/responses.js';
import type { AdminEndpoints } from './admin-endpoints.js';

/**
 * node:http without a framework: this is the hot path. Bodies are streamed into a
 * buffer with a hard cap, so an oversized request is refused without being held whole.
 */
export function createHttpServer(dispatcher: Dispatcher, admin: AdminEndpoints, maxBodyBytes: number): http.Server {
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    if (rawPath.startsWith('/_coffer/')) {
      void readBody(req, maxBodyBytes).then((body) => admin.handle(req.method ?? 'GET', rawPath, body ?? Buffer.alloc(0)).then((r) => send(server, res, r)));
      return;
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return tooLarge(res, maxBodyBytes);
    void readBody(req, maxBodyBytes).then(async (body) => {
      if (body === undefined) return tooLarge(res, maxBodyBytes);
      const wire: WireRequest = {
        method: req.method ?? 'GET',
        rawPath,
        rawQuery: q === -1 ? '' : url.slice(q + 1),
        headers: req.headers,
        rawHeaders: req.rawHeaders,
        body,
        sourceIp: req.socket.remoteAddress ?? '',
        secure: false,
      };
      send(server, res, await dispatcher.dispatch(wire));
    });
  });
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 70_000;
  server.requestTimeout = 120_000;
  return server;
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > max) {
        over = true;
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    });
    req.on('error', () => resolve(undefined));
  });
}

function send(server: http.Server, res: http.ServerResponse, r: WireResponse): void {
  // Once shutting down, a kept-alive connection would hold the process open: close it after this answer.
  if (!server.listening) res.shouldKeepAlive = false;
  // The headers object is the response's own: add the length to it rather than copy it. The body
  // goes out as a string, which node writes in one piece with the header block (a Buffer body
  // would be a second chunk in a writev).
  r.headers['content-length'] = String(Buffer.byteLength(r.body, 'utf8'));
  res.writeHead(r.status, r.headers);
  res.end(r.body, 'utf8');
}

function tooLarge(res: http.ServerResponse, max: number): void {
  const body = JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body must not exceed ${max} bytes` });
  res.writeHead(413, {
    'content-type': 'application/x-amz-json-1.1',
    'x-amzn-errortype': 'RequestEntityTooLargeException',
    'content-length': String(Buffer.byteLength(body)),
    connection: 'close',
  });
  res.end(body, () => res.socket?.destroy());
}
