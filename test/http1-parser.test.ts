import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChunkedBody } from '../src/server/http1/chunked-body.js';
import { HttpError } from '../src/server/http1/http-error.js';
import { parseRequestHead } from '../src/server/http1/request-head.js';

const status = (fn: () => unknown): number | undefined => {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof HttpError) return err.status;
    throw err;
  }
};

describe('request head', () => {
  it('reads the request line and fields as node:http does', () => {
    const h = parseRequestHead(
      ['POST /path?x=1 HTTP/1.1', 'Host: example', 'X-Amz-Target: a', 'x-amz-target: b', 'Content-Type:  text/plain \t', 'Content-Type: other', 'Content-Length: 12'].join('\r\n'),
    );
    expect(h).toMatchObject({ method: 'POST', target: '/path?x=1', minor: 1, contentLength: 12, chunked: false, keepAlive: true, expectContinue: false });
    expect(h.headers['x-amz-target']).toBe('a, b');
    expect(h.headers['content-type']).toBe('text/plain');
    expect(h.rawHeaders).toEqual(['Host', 'example', 'X-Amz-Target', 'a', 'x-amz-target', 'b', 'Content-Type', 'text/plain', 'Content-Type', 'other', 'Content-Length', '12']);
  });

  it('keeps a header named __proto__ as a header', () => {
    const h = parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\n__proto__: x');
    expect(h.headers['__proto__']).toBe('x');
    expect(Object.getPrototypeOf(h.headers)).toBeNull();
  });

  it('decides keep-alive by version and Connection', () => {
    expect(parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nConnection: close').keepAlive).toBe(false);
    expect(parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, Close').keepAlive).toBe(false);
    expect(parseRequestHead('GET / HTTP/1.0').keepAlive).toBe(false);
    expect(parseRequestHead('GET / HTTP/1.0\r\nConnection: keep-alive').keepAlive).toBe(true);
  });

  it('refuses what RFC 9112 says to refuse', () => {
    expect(status(() => parseRequestHead('GARBAGE'))).toBe(400);
    expect(status(() => parseRequestHead('GET  / HTTP/1.1\r\nHost: x'))).toBe(400);
    expect(status(() => parseRequestHead('GET x/y HTTP/1.1\r\nHost: x'))).toBe(400);
    expect(status(() => parseRequestHead('GET http://x#f HTTP/1.1\r\nHost: x'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: a\r\nHost: b'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.0\r\nHost: a\r\nHost: b'))).toBe(400);
    expect(parseRequestHead('GET / HTTP/1.0').target).toBe('/');
    expect(parseRequestHead('GET http://x:1/a/b?c=d HTTP/1.1\r\nHost: x').target).toBe('/a/b?c=d');
    expect(parseRequestHead('GET HTTP://x?c=d HTTP/1.1\r\nHost: x').target).toBe('/?c=d');
    expect(parseRequestHead('GET http://x HTTP/1.1\r\nHost: x').target).toBe('/');
    expect(status(() => parseRequestHead('GET / HTTP/2.0'))).toBe(505);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nNo colon'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nBad Name: x'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nA: b\r\n folded'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nA: b\0c'))).toBe(400);
    expect(status(() => parseRequestHead('GET / HTTP/1.1\r\nHost: x\r\nA: b\nc'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1x'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked'))).toBe(501);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, gzip'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.0\r\nTransfer-Encoding: chunked'))).toBe(400);
    expect(status(() => parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nExpect: something'))).toBe(417);
    expect(parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 5').contentLength).toBe(5);
    expect(parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked').chunked).toBe(true);
    expect(parseRequestHead('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue').expectContinue).toBe(true);
  });

  it('answers random bytes with a refusal or a head, never anything else', () => {
    for (let i = 0; i < 2000; i++) {
      const text = i % 2 ? randomBytes(1 + (i % 200)).toString('latin1') : `POST / HTTP/1.1\r\nHost: x\r\n${randomBytes(i % 100).toString('latin1')}`;
      try {
        parseRequestHead(text);
      } catch (err) {
        expect(err).toBeInstanceOf(HttpError);
      }
    }
  });
});

describe('chunked body', () => {
  const encoded = Buffer.from('4;ext=1\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nTrailer: x\r\n\r\nNEXT');

  it('decodes a body and stops where the next request begins', () => {
    const c = new ChunkedBody(1024);
    const at = c.feed(encoded, 0);
    expect(c.done).toBe(true);
    expect(c.body().toString()).toBe('Wikipedia in\r\n\r\nchunks.');
    expect(encoded.subarray(at).toString()).toBe('NEXT');
  });

  it('decodes the same body fed one byte at a time', () => {
    const c = new ChunkedBody(1024);
    let i = 0;
    while (!c.done) {
      const one = encoded.subarray(i, i + 1);
      expect(c.feed(one, 0)).toBe(1);
      i++;
    }
    expect(c.body().toString()).toBe('Wikipedia in\r\n\r\nchunks.');
    expect(encoded.subarray(i).toString()).toBe('NEXT');
  });

  it('refuses bad sizes, bare LFs, overlong data and bodies over the cap', () => {
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('zz\r\n'), 0))).toBe(400);
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('4\nWiki'), 0))).toBe(400);
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('2\r\nabc\r\n'), 0))).toBe(400);
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('b\r\n'), 0))).toBe(413);
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('6\r\nabcdef\r\n6\r\n'), 0))).toBe(413);
    expect(status(() => new ChunkedBody(10).feed(Buffer.from('1'.repeat(5000)), 0))).toBe(400);
  });
});
