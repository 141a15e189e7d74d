import { HttpError } from './http-error.js';

const CR = 0x0d;
const LF = 0x0a;
const MAX_LINE = 4096;
const HEX = /^[0-9A-Fa-f]{1,8}$/;

type State = 'size' | 'data' | 'data-end' | 'trailer' | 'done';

/**
 * A chunked request body (RFC 9112 §7.1), decoded as bytes arrive. Chunk extensions are
 * ignored, trailer fields read and dropped; the decoded body is capped at `max` bytes.
 */
export class ChunkedBody {
  private state: State = 'size';
  private line = '';
  private remaining = 0;
  private size = 0;
  private readonly parts: Buffer[] = [];

  constructor(private readonly max: number) {}

  get done(): boolean {
    return this.state === 'done';
  }

  /** Consumes from `buf` at `at`; returns where it stopped (the end, or just past the body). */
  feed(buf: Buffer, at: number): number {
    let i = at;
    while (i < buf.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - i);
        this.parts.push(buf.subarray(i, i + n));
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const lf = buf.indexOf(LF, i);
      const end = lf === -1 ? buf.length : lf;
      this.line += buf.toString('latin1', i, end);
      if (this.line.length > MAX_LINE) throw new HttpError(400, 'chunk line too long');
      if (lf === -1) return buf.length;
      i = lf + 1;
      if (this.line.charCodeAt(this.line.length - 1) !== CR) throw new HttpError(400, 'bare LF in chunked body');
      const line = this.line.slice(0, -1);
      this.line = '';
      this.onLine(line);
    }
    return i;
  }

  body(): Buffer {
    return this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.size);
  }

  private onLine(line: string): void {
    if (this.state === 'data-end') {
      if (line !== '') throw new HttpError(400, 'chunk data longer than its size');
      this.state = 'size';
      return;
    }
    if (this.state === 'trailer') {
      if (line === '') this.state = 'done';
      return;
    }
    const semi = line.indexOf(';');
    const hex = (semi === -1 ? line : line.slice(0, semi)).trimEnd();
    if (!HEX.test(hex)) throw new HttpError(400, 'invalid chunk size');
    const n = parseInt(hex, 16);
    if (n === 0) {
      this.state = 'trailer';
      return;
    }
    this.size += n;
    if (this.size > this.max) throw new HttpError(413, 'body too large');
    this.remaining = n;
    this.state = 'data';
  }
}
