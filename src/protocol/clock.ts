/**
 * The one source of time for request handling and sweepers. Dev mode lets tests
 * move it forward so time-driven changes (deletion dates, rotation) can be seen.
 */
export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  date(): Date {
    return new Date(this.now());
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
