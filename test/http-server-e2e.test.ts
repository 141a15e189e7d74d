import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http1Server } from '../src/server/http1/server.js';
import { startServer, type TestServer } from './helpers/server.js';

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw connection: bytes in, answers parsed as they arrive, and whether the server closed it. */
class Raw {
  private buf = Buffer.alloc(0);
  readonly answers: Answer[] = [];
  closed = false;
  private waiters: (() => void)[] = [];
  private readonly socket: net.Socket;

  constructor(endpoint: string) {
    const url = new URL(endpoint);
    this.socket = net.connect(Number(url.port), url.hostname);
    this.socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.parse();
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  end(): void {
    this.socket.destroy();
  }

  /** Goes away with a TCP reset rather than a FIN. */
  reset(): void {
    this.socket.resetAndDestroy();
  }

  /** Waits until `n` answers (100 Continue counts) have arrived, or the socket closed with `closed`. */
  async until(test: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.answers)} closed=${this.closed}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  answersAtLeast(n: number): Promise<void> {
    return this.until(() => this.answers.length >= n, `${n} answers`);
  }

  closedByServer(): Promise<void> {
    return this.until(() => this.closed, 'the server to close the connection');
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  private parse(): void {
    for (;;) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end === -1) return;
      const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(lines[0]!.split(' ')[1]);
      const headers: Record<string, string> = {};
      for (const l of lines.slice(1)) {
        const i = l.indexOf(':');
        headers[l.slice(0, i).toLowerCase()] = l.slice(i + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (this.buf.length < end + 4 + length) return;
      this.answers.push({ status, headers, body: this.buf.subarray(end + 4, end + 4 + length).toString('utf8') });
      this.buf = this.buf.subarray(end + 4 + length);
    }
  }
}

function request(body: string, extra: string[] = [], version = '1.1'): string {
  return [
    `POST / HTTP/${version}`,
    'Host: coffer',
    'X-Amz-Target: TrentService.GenerateRandom',
    'Content-Type: application/x-amz-json-1.1',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...extra,
    '',
    body,
  ].join('\r\n');
}

const random = (n: number): string => request(JSON.stringify({ NumberOfBytes: n }));
const plaintextBytes = (a: Answer): number => Buffer.from((JSON.parse(a.body) as { Plaintext: string }).Plaintext, 'base64').length;

describe("coffer's HTTP/1.1 server", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dev: true });
  });
  afterAll(async () => {
    await server.stop();
  });

  it('keeps a connection open between requests and says so', async () => {
    const c = new Raw(server.endpoint);
    c.write(random(8));
    await c.answersAtLeast(1);
    c.write(random(8));
    await c.answersAtLeast(2);
    expect(c.answers.map((a) => a.status)).toEqual([200, 200]);
    expect(c.answers[0]!.headers).toMatchObject({ connection: 'keep-alive', 'content-type': 'application/x-amz-json-1.1' });
    expect(c.answers[0]!.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(c.answers[0]!.headers['date']).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    expect(c.closed).toBe(false);
    c.end();
  });

  it('answers pipelined requests in order', async () => {
    const c = new Raw(server.endpoint);
    c.write(random(16) + random(48) + random(7));
    await c.answersAtLeast(3);
    expect(c.answers.map(plaintextBytes)).toEqual([16, 48, 7]);
    c.end();
  });

  it('reads a request that arrives a few bytes at a time', async () => {
    const c = new Raw(server.endpoint);
    const bytes = Buffer.from(random(32));
    for (let i = 0; i < bytes.length; i += 3) {
      c.write(bytes.subarray(i, i + 3));
      await new Promise((r) => setImmediate(r));
    }
    await c.answersAtLeast(1);
    expect(plaintextBytes(c.answers[0]!)).toBe(32);
    c.end();
  });

  it('closes after answering Connection: close, and after an HTTP/1.0 request', async () => {
    const a = new Raw(server.endpoint);
    a.write(request('{"NumberOfBytes":4}', ['Connection: close']));
    await a.closedByServer();
    expect(a.answers).toHaveLength(1);
    expect(a.answers[0]).toMatchObject({ status: 200, headers: { connection: 'close' } });
    const b = new Raw(server.endpoint);
    b.write(request('{"NumberOfBytes":4}', [], '1.0'));
    await b.closedByServer();
    expect(b.answers.map((x) => x.status)).toEqual([200]);
  });

  it('reads a chunked body, extensions and trailers included', async () => {
    const c = new Raw(server.endpoint);
    c.write(
      [
        'POST / HTTP/1.1',
        'Host: coffer',
        'X-Amz-Target: TrentService.GenerateRandom',
        'Content-Type: application/x-amz-json-1.1',
        'Transfer-Encoding: chunked',
        '',
        'a;foo=bar',
        '{"NumberOf',
        '9',
        'Bytes":32',
        '1',
        '}',
        '0',
        'X-Trailer: ignored',
        '',
        '',
      ].join('\r\n'),
    );
    await c.answersAtLeast(1);
    expect(c.answers[0]!.status).toBe(200);
    expect(plaintextBytes(c.answers[0]!)).toBe(32);
    c.end();
  });

  it('says 100 Continue before the body when asked to', async () => {
    const c = new Raw(server.endpoint);
    const body = '{"NumberOfBytes":12}';
    c.write(request('', ['Expect: 100-continue']).replace('Content-Length: 0', `Content-Length: ${body.length}`));
    await c.answersAtLeast(1);
    expect(c.answers[0]!.status).toBe(100);
    c.write(body);
    await c.answersAtLeast(2);
    expect(c.answers[1]!.status).toBe(200);
    expect(plaintextBytes(c.answers[1]!)).toBe(12);
    c.end();
  });

  it('refuses a body over 1 MiB by its declared length, without waiting for it', async () => {
    const c = new Raw(server.endpoint);
    c.write(request('', []).replace('Content-Length: 0', 'Content-Length: 1048577'));
    await c.answersAtLeast(1);
    expect(c.answers[0]!.status).toBe(413);
    expect(c.answers[0]!.headers['x-amzn-errortype']).toBe('RequestEntityTooLargeException');
    expect(JSON.parse(c.answers[0]!.body)).toMatchObject({ __type: 'RequestEntityTooLargeException' });
    await c.closedByServer();
  });

  it('refuses a chunked body that grows over 1 MiB', async () => {
    const c = new Raw(server.endpoint);
    c.write('POST / HTTP/1.1\r\nHost: coffer\r\nX-Amz-Target: TrentService.GenerateRandom\r\nTransfer-Encoding: chunked\r\n\r\n');
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    for (let i = 0; i < 5 && !c.closed; i++) c.write(Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]));
    await c.answersAtLeast(1);
    expect(c.answers[0]!.status).toBe(413);
    await c.closedByServer();
  });

  const refusals: [string, string, number][] = [
    ['a malformed request line', 'GARBAGE\r\n\r\n', 400],
    ['a header line without a colon', 'GET / HTTP/1.1\r\nHost: coffer\r\nBad Header Line\r\n\r\n', 400],
    ['a content-length that is not a number', 'POST / HTTP/1.1\r\nHost: coffer\r\nContent-Length: 12abc\r\n\r\n', 400],
    ['two different content-lengths', 'POST / HTTP/1.1\r\nHost: coffer\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', 400],
    ['chunked and content-length together', 'POST / HTTP/1.1\r\nHost: coffer\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n', 400],
    ['a transfer coding that does not end in chunked', 'POST / HTTP/1.1\r\nHost: coffer\r\nTransfer-Encoding: gzip\r\n\r\n', 400],
    ['a transfer coding other than chunked before chunked', 'POST / HTTP/1.1\r\nHost: coffer\r\nTransfer-Encoding: gzip, chunked\r\n\r\n', 501],
    ['an HTTP/1.1 request without Host', 'GET /_coffer/health HTTP/1.1\r\n\r\n', 400],
    ['two Host fields', 'GET /_coffer/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
    ['a header block over 16 KiB', `GET / HTTP/1.1\r\nHost: coffer\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nHost: coffer\r\nX-A: b\r\n c\r\n\r\n', 400],
    ['a target that is neither a path nor an absolute URI', 'GET _coffer/health HTTP/1.1\r\nHost: coffer\r\n\r\n', 400],
    ['HTTP/2.0 in the request line', 'GET / HTTP/2.0\r\nHost: coffer\r\n\r\n', 505],
    ['an expectation other than 100-continue', 'POST / HTTP/1.1\r\nHost: coffer\r\nExpect: 200-ok\r\nContent-Length: 0\r\n\r\n', 417],
  ];
  for (const [what, bytes, status] of refusals) {
    it(`answers ${status} to ${what} and closes`, async () => {
      const c = new Raw(server.endpoint);
      c.write(bytes);
      await c.answersAtLeast(1);
      expect(c.answers[0]!.status).toBe(status);
      expect(c.answers[0]!.headers['connection']).toBe('close');
      await c.closedByServer();
    });
  }

  it('survives clients that vanish mid-request, and serves many connections at once', async () => {
    for (let i = 0; i < 20; i++) {
      const c = new Raw(server.endpoint);
      c.write(request('{"NumberOfBytes":8}').slice(0, 40 + i * 6));
      if (i % 2) c.reset();
      else c.end();
    }
    const many = Array.from({ length: 50 }, () => new Raw(server.endpoint));
    for (const c of many) c.write(random(8));
    await Promise.all(many.map((c) => c.answersAtLeast(1)));
    expect(many.every((c) => c.answers[0]!.status === 200)).toBe(true);
    for (const c of many) c.end();
  });

  it('accepts an absolute-form target, and serves the health endpoint', async () => {
    const c = new Raw(server.endpoint);
    c.write('GET http://coffer/_coffer/health HTTP/1.1\r\nHost: coffer\r\n\r\nGET /_coffer/health HTTP/1.0\r\n\r\n');
    await c.answersAtLeast(2);
    expect(c.answers.map((a) => a.status)).toEqual([200, 200]);
    expect(JSON.parse(c.answers[0]!.body)).toMatchObject({ status: 'ok' });
    await c.closedByServer();
  });

  it('treats header names case-insensitively', async () => {
    const c = new Raw(server.endpoint);
    c.write('POST / HTTP/1.1\r\nhOST: coffer\r\nx-AMZ-target: TrentService.GenerateRandom\r\nCONTENT-type: application/x-amz-json-1.1\r\ncontent-LENGTH: 19\r\n\r\n{"NumberOfBytes":5}');
    await c.answersAtLeast(1);
    expect(plaintextBytes(c.answers[0]!)).toBe(5);
    c.end();
  });
});

describe('shutdown with idle keep-alive connections', () => {
  it('closes them and stops promptly', async () => {
    const server = await startServer({ dev: true });
    const c = new Raw(server.endpoint);
    c.write(random(8));
    await c.answersAtLeast(1);
    const started = Date.now();
    await server.stop();
    await c.closedByServer();
    expect(Date.now() - started).toBeLessThan(5_000);
    // 0: coffer stopped by itself, not by its fallback exit after 15 s.
    expect(server.process.exitCode).toBe(0);
  });
});

describe('timeouts', () => {
  it('drops an idle keep-alive connection, and answers 408 to a request whose head never ends', async () => {
    const http = new Http1Server(async () => ({ status: 200, headers: { 'content-type': 'text/plain' }, body: 'ok' }), {
      maxBodyBytes: 1024,
      maxHeaderBytes: 1024,
      keepAliveMs: 1_000,
      headersTimeoutMs: 1_000,
      requestTimeoutMs: 2_000,
    });
    await http.listen(0, '127.0.0.1');
    const endpoint = `http://127.0.0.1:${http.address().port}`;
    const idle = new Raw(endpoint);
    idle.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await idle.answersAtLeast(1);
    const slow = new Raw(endpoint);
    slow.write('GET / HTTP/1.1\r\nHost: x\r\n');
    await idle.closedByServer();
    await slow.closedByServer();
    expect(idle.answers.map((a) => a.status)).toEqual([200]);
    expect(slow.answers.map((a) => a.status)).toEqual([408]);
    await http.close();
  });
});
