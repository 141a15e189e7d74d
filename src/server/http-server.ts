import type { Dispatcher, WireRequest } from '../protocol/dispatcher.js';
import type { AdminEndpoints } from './admin-endpoints.js';
import type { HttpRequest } from './http1/connection.js';
import { Http1Server } from './http1/server.js';

/** Node's defaults, which coffer has always had: clients keep connections for up to 65 s. */
const KEEP_ALIVE_MS = 65_000;
const HEADERS_TIMEOUT_MS = 70_000;
const REQUEST_TIMEOUT_MS = 120_000;
const MAX_HEADER_BYTES = 16 * 1024;

/** The HTTP endpoint: /_coffer/ paths to the admin endpoints, everything else to the dispatcher. */
export function createHttpServer(dispatcher: Dispatcher, admin: AdminEndpoints, maxBodyBytes: number): Http1Server {
  return new Http1Server(
    (req: HttpRequest) => {
      const target = req.head.target;
      const q = target.indexOf('?');
      const rawPath = q === -1 ? target : target.slice(0, q);
      if (rawPath.startsWith('/_coffer/')) return admin.handle(req.head.method, rawPath, req.body);
      const wire: WireRequest = {
        method: req.head.method,
        rawPath,
        rawQuery: q === -1 ? '' : target.slice(q + 1),
        headers: req.head.headers,
        rawHeaders: req.head.rawHeaders,
        body: req.body,
        sourceIp: req.sourceIp,
        secure: false,
      };
      return dispatcher.dispatch(wire);
    },
    {
      maxBodyBytes,
      maxHeaderBytes: MAX_HEADER_BYTES,
      keepAliveMs: KEEP_ALIVE_MS,
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
    },
  );
}
