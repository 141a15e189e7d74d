import type { Socket } from 'node:net';
import type { WireResponse } from '../../protocol/responses.js';
import { ChunkedBody } from './chunked-body.js';
import { HttpError, REASONS } from './http-error.js';
import { httpDate } from './http-date.js';
import { parseRequestHead, type RequestHead } from './request-head.js';

/** One request as the transport hands it on. */
export interface HttpRequest {
  head: RequestHead;
  body: Buffer;
  sourceIp: string;
}

export type RequestHandler = (req: HttpRequest) => Promise<WireResponse>;

export interface TransportLimits {
  maxBodyBytes: number;
  maxHeaderBytes: number;
  keepAliveMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
}

type State = 'head' | 'body' | 'chunked' | 'busy' | 'closed';

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
// Past this much unanswered output or unread input, stop reading until the client catches up.
const BACKLOG = 1024 * 1024;
const EMPTY = Buffer.alloc(0);
const INTERNAL: WireResponse = {
  status: 500,
  headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'InternalFailure' },
  body: '{"__type":"InternalFailure","message":"An internal error occurred. Try again later."}',
};
// A refused connection gets this long to take its answer before it is cut.
const LINGER_MS = 5_000;

/**
 * One client connection: requests are read one at a time (a pipelined request waits in
 * `pending` until the one before it is answered), answered in order, and the connection is
 * kept open as HTTP/1.1 says unless the client, an error or shutdown says otherwise.
 */
export class Connection {
  private state: State = 'head';
  private pending: Buffer = EMPTY;
  private head: RequestHead | undefined;
  private body: Buffer = EMPTY;
  private filled = 0;
  private chunked: ChunkedBody | undefined;
  private readonly sourceIp: string;
  private paused = false;
  /** When the request being read began (ms, the server's coarse clock); 0 between requests. */
  private requestStarted = 0;
  private lastActivity: number;
  private closedAt = 0;
  /** Where the search for the end of the header block resumes, so a trickled head is not rescanned. */
  private scanFrom = 0;

  constructor(
    private readonly socket: Socket,
    private readonly handler: RequestHandler,
    private readonly limits: TransportLimits,
    private readonly server: { readonly closing: boolean; readonly now: number; hold(socket: Socket): void },
  ) {
    this.sourceIp = socket.remoteAddress ?? '';
    this.lastActivity = server.now;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.maybeResume());
    socket.on('error', () => this.socket.destroy());
    socket.on('close', () => (this.state = 'closed'));
  }

  /** Nothing read of a next request and nothing being answered. */
  get idle(): boolean {
    return this.state === 'head' && this.requestStarted === 0 && this.pending.length === 0;
  }

  /** Called once a second: the keep-alive, header and request timeouts. */
  tick(now: number): void {
    if (this.socket.destroyed) return;
    if (this.state === 'closed') {
      if (now - this.closedAt > LINGER_MS) this.socket.destroy();
      return;
    }
    if (this.state === 'busy') return;
    if (this.requestStarted === 0) {
      if (now - this.lastActivity > this.limits.keepAliveMs) this.socket.destroy();
      return;
    }
    const age = now - this.requestStarted;
    if ((this.state === 'head' && age > this.limits.headersTimeoutMs) || age > this.limits.requestTimeoutMs) {
      this.refuse(new HttpError(408, 'request timeout'));
    }
  }

  /** Shutdown: close now if idle, else after the answer in progress. */
  closeIfIdle(): void {
    if (this.idle) this.socket.end();
  }

  private onData(chunk: Buffer): void {
    this.lastActivity = this.server.now;
    if (this.state === 'closed') return;
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.state === 'busy') {
      if (this.pending.length > BACKLOG + this.limits.maxBodyBytes) this.pause();
      return;
    }
    try {
      this.read();
    } catch (err) {
      this.refuse(err instanceof HttpError ? err : new HttpError(400, 'bad request'));
    }
  }

  /** Reads as far as the buffered bytes go: at most up to one complete request, which is then handled. */
  private read(): void {
    for (;;) {
      if (this.state === 'head') {
        if (!this.readHead()) return;
        continue;
      }
      if (this.state === 'body') {
        const n = Math.min(this.pending.length, this.body.length - this.filled);
        this.pending.copy(this.body, this.filled, 0, n);
        this.filled += n;
        this.pending = n === this.pending.length ? EMPTY : this.pending.subarray(n);
        if (this.filled < this.body.length) return;
        this.handle(this.body);
        return;
      }
      if (this.state === 'chunked') {
        const chunked = this.chunked!;
        const at = chunked.feed(this.pending, 0);
        this.pending = at === this.pending.length ? EMPTY : this.pending.subarray(at);
        if (!chunked.done) return;
        this.chunked = undefined;
        this.handle(chunked.body());
      }
      return;
    }
  }

  private readHead(): boolean {
    let start = 0;
    // RFC 9112 §2.2: empty lines before a request line are ignored.
    while (this.pending.length >= start + 2 && this.pending[start] === 0x0d && this.pending[start + 1] === 0x0a) start += 2;
    if (start >= this.pending.length) {
      this.pending = EMPTY;
      return false;
    }
    if (this.requestStarted === 0) this.requestStarted = this.server.now;
    const end = this.pending.indexOf(HEAD_END, Math.max(start, this.scanFrom));
    if (end === -1 || end - start > this.limits.maxHeaderBytes) {
      if (end !== -1 || this.pending.length - start > this.limits.maxHeaderBytes) throw new HttpError(431, 'header block too large');
      this.scanFrom = Math.max(start, this.pending.length - 3);
      return false;
    }
    this.scanFrom = 0;
    const head = parseRequestHead(this.pending.toString('latin1', start, end));
    this.head = head;
    this.pending = this.pending.subarray(end + 4);
    if (head.chunked) {
      this.chunked = new ChunkedBody(this.limits.maxBodyBytes);
      this.state = 'chunked';
      if (head.expectContinue) this.socket.write(CONTINUE);
      return true;
    }
    const length = head.contentLength ?? 0;
    if (length > this.limits.maxBodyBytes) throw new HttpError(413, 'body too large');
    if (length === 0) {
      this.handle(EMPTY);
      return false;
    }
    if (this.pending.length >= length) {
      // The whole body came with the head (the usual case): no copy.
      const body = this.pending.subarray(0, length);
      this.pending = this.pending.subarray(length);
      this.handle(body);
      return false;
    }
    if (head.expectContinue) this.socket.write(CONTINUE);
    this.body = Buffer.allocUnsafe(length);
    this.filled = 0;
    this.state = 'body';
    return true;
  }

  private handle(body: Buffer): void {
    const head = this.head!;
    this.state = 'busy';
    this.body = EMPTY;
    let answer: Promise<WireResponse>;
    try {
      answer = this.handler({ head, body, sourceIp: this.sourceIp });
    } catch (err) {
      answer = Promise.reject(err);
    }
    // The dispatcher answers every failure itself; this is for a fault in the transport's own callers.
    answer.then(
      (res) => this.respond(head, res),
      () => this.respond(head, INTERNAL),
    );
  }

  private respond(head: RequestHead, res: WireResponse): void {
    if (this.state === 'closed' || this.socket.destroyed) return;
    const keepAlive = head.keepAlive && !this.server.closing;
    let out = `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? 'Unknown'}\r\n`;
    for (const name in res.headers) out += `${name}: ${res.headers[name]}\r\n`;
    const body = res.body;
    const text = typeof body === 'string';
    out += `content-length: ${text ? Buffer.byteLength(body, 'utf8') : body.length}\r\ndate: ${httpDate()}\r\n`;
    out += keepAlive ? `connection: keep-alive\r\nkeep-alive: timeout=${Math.floor(this.limits.keepAliveMs / 1000)}\r\n\r\n` : 'connection: close\r\n\r\n';
    this.server.hold(this.socket);
    if (head.method === 'HEAD') this.socket.write(out, 'utf8');
    else if (text) this.socket.write(out + body, 'utf8');
    else {
      this.socket.write(out, 'utf8');
      this.socket.write(body);
    }
    this.head = undefined;
    this.requestStarted = 0;
    this.lastActivity = this.server.now;
    if (!keepAlive) {
      this.finish();
      return;
    }
    this.state = 'head';
    if (this.socket.writableLength > BACKLOG) this.pause();
    else this.maybeResume();
    if (this.pending.length > 0) {
      try {
        this.read();
      } catch (err) {
        this.refuse(err instanceof HttpError ? err : new HttpError(400, 'bad request'));
      }
    }
  }

  /** Answers a request the transport will not pass on, then closes. */
  private refuse(err: HttpError): void {
    if (this.state === 'closed' || this.socket.destroyed) return;
    const body =
      err.status === 413
        ? JSON.stringify({ __type: 'RequestEntityTooLargeException', message: `Request body must not exceed ${this.limits.maxBodyBytes} bytes` })
        : '';
    let out = `HTTP/1.1 ${err.status} ${REASONS[err.status] ?? 'Error'}\r\n`;
    if (err.status === 413) out += 'content-type: application/x-amz-json-1.1\r\nx-amzn-errortype: RequestEntityTooLargeException\r\n';
    out += `content-length: ${Buffer.byteLength(body)}\r\ndate: ${httpDate()}\r\nconnection: close\r\n\r\n${body}`;
    this.socket.write(out, 'utf8');
    this.finish();
  }

  /**
   * Half-closes after the answer. What the client still sends is read and dropped, so the
   * kernel does not reset the connection before the client has read the answer.
   */
  private finish(): void {
    this.state = 'closed';
    this.closedAt = this.server.now;
    this.pending = EMPTY;
    this.chunked = undefined;
    this.body = EMPTY;
    this.socket.end();
    this.maybeResume();
  }

  private pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.socket.pause();
  }

  private maybeResume(): void {
    if (!this.paused || this.socket.writableLength > BACKLOG) return;
    this.paused = false;
    this.socket.resume();
  }
}
