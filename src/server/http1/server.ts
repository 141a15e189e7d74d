import net, { type AddressInfo } from 'node:net';
import { logLine } from '../log.js';
import { Connection, type RequestHandler, type TransportLimits } from './connection.js';

const TICK_MS = 1_000;

/**
 * coffer's HTTP/1.1 server: node:net with the request parsing of request-head.ts and
 * chunked-body.ts. It does what an AWS endpoint's clients need (keep-alive, pipelining,
 * Content-Length and chunked bodies, Expect: 100-continue) and refuses the rest with the
 * status RFC 9112 gives, at about two thirds of node:http's cost per request.
 */
export class Http1Server {
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private timer: NodeJS.Timeout | undefined;
  /** A clock good to a second for the timeouts, kept off the per-request path. */
  now = Date.now();
  closing = false;
  /** Sockets holding answers until this turn of the event loop ends. */
  private held: net.Socket[] = [];

  /**
   * Holds what `socket` is written until the end of this turn of the event loop (the
   * check phase, right after the I/O that produced the answers), when every socket's
   * answers go out together. Answers written one by one as each is ready wake a waiting
   * client once each; a burst wakes it once. On loopback under load (the bench's wrk,
   * build agents on the same host) that was half of the kernel's time per request:
   * GetSecretValue 8.1-8.4k -> 12.3-12.4k req/s, KMS Encrypt 104 -> 66 us of CPU per
   * request. An answer waits at most for the rest of the turn it was made in.
   */
  hold(socket: net.Socket): void {
    if (this.held.length === 0) setImmediate(this.release);
    if (socket.writableCorked === 0) {
      socket.cork();
      this.held.push(socket);
    }
  }

  private readonly release = (): void => {
    const held = this.held;
    this.held = [];
    for (const s of held) if (s.writableCorked > 0) s.uncork();
  };

  constructor(handler: RequestHandler, limits: TransportLimits) {
    this.server = net.createServer((socket) => {
      const c = new Connection(socket, handler, limits, this);
      this.connections.add(c);
      socket.once('close', () => this.connections.delete(c));
      if (this.closing) c.closeIfIdle();
    });
    // After listen, an error here is one failed accept (EMFILE, say): the server goes on.
    this.server.on('error', (err: NodeJS.ErrnoException) => {
      if (this.server.listening) logLine({ type: 'http-error', code: err.code ?? 'unknown', message: err.message });
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  listen(port: number, host: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const refused = (err: Error): void => reject(err);
      this.server.once('error', refused);
      this.server.listen(port, host, () => {
        this.server.off('error', refused);
        this.timer = setInterval(() => this.tick(), TICK_MS);
        this.timer.unref();
        resolve();
      });
    });
  }

  address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  /** Stops accepting; idle connections close now, the others once their answer is out. Resolves when all are gone. */
  close(): Promise<void> {
    this.closing = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.connections) c.closeIfIdle();
    return closed.finally(() => {
      if (this.timer) clearInterval(this.timer);
    });
  }

  private tick(): void {
    this.now = Date.now();
    for (const c of this.connections) c.tick(this.now);
  }
}
